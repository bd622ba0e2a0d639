/**
 * cdk-nag (v3, CDK policy-validation plugin) wiring and the one way this app acknowledges a finding.
 * Every acknowledgement names one finding on one construct and says why; a vague or short reason is
 * refused at synth time.
 */
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/** Shortest acknowledgement reason accepted: long enough to say what and why. */
export const MIN_ACK_REASON_LENGTH = 40;

/** Runs the AWS Solutions rule pack over the whole app at synth (`cdk synth` reports its findings). */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

/**
 * Acknowledges one cdk-nag finding (`AwsSolutions-XX` or `AwsSolutions-XX[finding]`) on `scope` and
 * everything under it. Keep `scope` as narrow as the finding: the resource or its owning construct.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (!/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/.test(id)) {
    throw new Error(`${scope.node.path}: "${id}" is not an AwsSolutions rule or finding id`);
  }
  checkReason(scope, id, reason);
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges the AwsSolutions-IAM5 finding for one wildcard resource ARN that holds tokens (a
 * cross-stack reference, a GetAtt). cdk-nag names such a finding after the resolved, flattened ARN,
 * which exists only once references are resolved and differs per stage, so the id is computed at
 * validation time with cdk-nag's own flattening: the acknowledgement covers exactly that ARN.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resourceArn: string, reason: string): void {
  checkReason(scope, `AwsSolutions-IAM5 for ${resourceArn}`, reason);
  let done = false;
  scope.node.addValidation({
    validate: () => {
      if (!done) {
        done = true;
        const flat = flattenCfnReference(Stack.of(scope).resolve(resourceArn));
        if (!flat.includes('*')) return [`acknowledged wildcard resource ${flat} holds no "*"`];
        acknowledge(scope, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
      }
      return [];
    },
  });
}

function checkReason(scope: IConstruct, what: string, reason: string): void {
  if (reason.trim().length < MIN_ACK_REASON_LENGTH) {
    throw new Error(
      `${scope.node.path}: the reason for acknowledging ${what} must be at least ${MIN_ACK_REASON_LENGTH} characters, got "${reason}"`,
    );
  }
}
