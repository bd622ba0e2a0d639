/**
 * An ARN and URL output for every SQS queue of a stack, so the runbook's commands run as written:
 * `aws sqs start-message-move-task` takes ARNs, `aws sqs receive-message` takes URLs.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export function outputQueues(stack: Stack): void {
  for (const queue of stack.node.findAll().filter((construct): construct is sqs.Queue => construct instanceof sqs.Queue)) {
    const name = queue.node.id;
    if (stack.node.tryFindChild(`${name}Arn`) === undefined) {
      new CfnOutput(stack, `${name}Arn`, { value: queue.queueArn, description: `ARN of ${name} (aws sqs start-message-move-task takes ARNs)` });
    }
    if (stack.node.tryFindChild(`${name}Url`) === undefined) {
      new CfnOutput(stack, `${name}Url`, { value: queue.queueUrl, description: `URL of ${name}` });
    }
  }
}
