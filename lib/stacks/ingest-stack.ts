/**
 * Guide ingestion: content/guides is deployed into the content bucket under guides/, and every `.md`
 * object created or removed there invokes the ingest function, which writes the Guides table.
 *
 * The bucket lives in the data stack. Its notification configuration is managed from here, on an
 * imported reference, so the dependency runs one way (ingest -> data) and the data stack never
 * refers to this stack's function.
 */
import * as fs from 'node:fs';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import type { CareerwireConfig } from '../config';
import { CareerwireFunction } from '../constructs/careerwire-function';
import type { CareerwireTable } from '../constructs/careerwire-table';
import { APP_METRICS } from '../metrics';
import { acknowledge, acknowledgeWildcardResource } from '../nag';
import { PATHS } from '../paths';
import { notifyWhen } from '../constructs/alarms';
import { outputQueues } from '../constructs/queue-outputs';

/** Key prefix of guides in the content bucket, and the suffix of the objects that are ingested. */
export const GUIDES_PREFIX = 'guides/';
export const GUIDES_SUFFIX = '.md';

export interface IngestStackProps extends StackProps {
  readonly config: CareerwireConfig;
  readonly contentBucket: s3.IBucket;
  readonly guidesTable: CareerwireTable;
  readonly alarmTopic: sns.ITopic;
  /** Folder deployed to guides/. @default content/guides of the repository */
  readonly guidesSource?: string;
}

export class IngestStack extends Stack {
  readonly ingestFunction: CareerwireFunction;
  readonly deadLetterQueue: sqs.Queue;
  /** Undefined when the source folder holds no guide yet. */
  readonly guidesDeployment: s3deploy.BucketDeployment | undefined;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, props);
    const { config } = props;

    const bucket = s3.Bucket.fromBucketAttributes(this, 'ContentBucketRef', {
      bucketArn: props.contentBucket.bucketArn,
      bucketName: props.contentBucket.bucketName,
    });

    this.ingestFunction = new CareerwireFunction(this, 'Ingest', {
      entry: PATHS.ingestEntry,
      serviceName: 'careerwire-ingest',
      description: `careerwire ${config.stage}: ingests guides/*.md objects of the content bucket into the Guides table`,
      memorySize: 512,
      timeout: Duration.minutes(1),
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
      environment: { [ENV.contentBucket]: bucket.bucketName },
      deadLetters: {
        alarm: { description: 'S3 events the ingest function failed on every attempt are waiting in its dead-letter queue.', topic: props.alarmTopic },
      },
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.deadLetterQueue = this.ingestFunction.deadLetterQueue;
    // Content hashes read and changed guides written in batches; a removed object's guide deleted.
    this.ingestFunction.bindTable(props.guidesTable.table, props.guidesTable.definition, { table: ['BatchGetItem', 'BatchWriteItem', 'DeleteItem'] });

    // Read the guide objects, nothing else in the bucket (no list, no write).
    const guideObjects = bucket.arnForObjects(`${GUIDES_PREFIX}*`);
    const readGuides = new iam.Policy(this, 'ReadGuidesPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [guideObjects] })],
    });
    this.ingestFunction.role.attachInlinePolicy(readGuides);
    acknowledgeWildcardResource(
      readGuides,
      guideObjects,
      'Object keys of guides are not known at deploy time; s3:GetObject is limited to the guides/ prefix of the content bucket.',
    );

    const filter: s3.NotificationKeyFilter = { prefix: GUIDES_PREFIX, suffix: GUIDES_SUFFIX };
    const destination = new s3n.LambdaDestination(this.ingestFunction.function);
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, filter);
    bucket.addEventNotification(s3.EventType.OBJECT_REMOVED, destination, filter);
    this.acknowledgeNotificationsHandler();

    this.guidesDeployment = this.deployGuides(props.guidesSource ?? PATHS.guidesContent, bucket, config);
    if (this.guidesDeployment) {
      // Upload only once the bucket notifies the function, so the first deployment is ingested too.
      this.guidesDeployment.node.addDependency(bucket);
    }

    this.addAlarms(props.alarmTopic);
    outputQueues(this);
  }

  private deployGuides(
    source: string,
    bucket: s3.IBucket,
    config: CareerwireConfig,
  ): s3deploy.BucketDeployment | undefined {
    const hasGuides =
      fs.existsSync(source) && fs.readdirSync(source).some((name) => name.endsWith(GUIDES_SUFFIX));
    if (!hasGuides) return undefined;

    const deployment = new s3deploy.BucketDeployment(this, 'GuidesDeployment', {
      sources: [s3deploy.Source.asset(source, { exclude: ['*', `!*${GUIDES_SUFFIX}`] })],
      destinationBucket: bucket,
      destinationKeyPrefix: GUIDES_PREFIX,
      // A guide deleted from content/guides is deleted from the bucket, and so from the table.
      prune: true,
      retainOnDelete: true,
      contentType: 'text/markdown; charset=utf-8',
      memoryLimit: 512,
      logGroup: new logs.LogGroup(this, 'GuidesDeploymentLogs', {
        retention: config.logRetention,
        removalPolicy: config.removalPolicy,
      }),
    });
    this.acknowledgeBucketDeployment(deployment, bucket);
    return deployment;
  }

  /** BucketDeployment brings CDK's own provider function; its findings are acknowledged on it alone. */
  private acknowledgeBucketDeployment(deployment: s3deploy.BucketDeployment, bucket: s3.IBucket): void {
    const handler = findStackChild(this, 'Custom::CDKBucketDeployment');
    acknowledge(
      handler,
      'AwsSolutions-L1',
      'CDK-owned BucketDeployment provider: its Python runtime is pinned by aws-cdk-lib and moves with CDK upgrades, not by this app.',
    );
    acknowledge(
      handler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-owned BucketDeployment provider role; the managed policy grants only CloudWatch Logs writes for its own logs.',
    );
    const wildcardFindings: readonly [string, string][] = [
      ['Action::s3:GetBucket*', 'read the CDK asset bucket and the content bucket'],
      ['Action::s3:GetObject*', 'read the CDK asset bucket and the content bucket'],
      ['Action::s3:List*', 'list the destination prefix to prune removed guides'],
      ['Action::s3:Abort*', 'abort failed multipart uploads to the content bucket'],
      ['Action::s3:DeleteObject*', 'prune guides removed from content/guides'],
      ['Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*', 'read the zipped guides asset CDK uploaded'],
    ];
    for (const [finding, purpose] of wildcardFindings) {
      acknowledge(
        deployment.handlerRole,
        `AwsSolutions-IAM5[${finding}]`,
        `CDK-owned BucketDeployment provider grant (${finding}): it needs it to ${purpose}; the grant is generated by aws-cdk-lib.`,
      );
    }
    acknowledgeWildcardResource(
      deployment.handlerRole,
      bucket.arnForObjects('*'),
      'CDK-owned BucketDeployment provider grant on the content bucket objects: it writes and prunes guides/ objects there; the grant is generated by aws-cdk-lib.',
    );
  }

  /** addEventNotification on an imported bucket adds CDK's notifications handler to this stack. */
  private acknowledgeNotificationsHandler(): void {
    const handler = findStackChild(this, 'BucketNotificationsHandler');
    acknowledge(
      handler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-owned S3 notifications handler role; the managed policy grants only CloudWatch Logs writes for its own logs.',
    );
  }

  private addAlarms(topic: sns.ITopic): void {
    notifyWhen(this, 'IngestErrorsAlarm', {
      description: 'The ingest function reported errors.',
      metric: this.ingestFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      topic,
    });
    // A rejected guide is not an error of the function (it goes on with the others), so only this
    // metric tells: the guide is not live, or an older version of it still is.
    notifyWhen(this, 'GuidesFailedAlarm', {
      description:
        'The ingest function rejected a guide (invalid front matter or body): it is not live. Its log entry "guide rejected" names the object and the reason.',
      metric: this.ingestFunction.serviceMetric(APP_METRICS.ingest.failed, { period: Duration.minutes(5) }),
      topic,
    });
  }
}

/** A direct child of `stack` whose id starts with `prefix` (CDK singletons live at the stack root). */
function findStackChild(stack: Stack, prefix: string): IConstruct {
  const matches = stack.node.children.filter((child) => child.node.id.startsWith(prefix));
  if (matches.length !== 1) {
    throw new Error(`${stack.node.path}: expected one "${prefix}*" construct, found ${matches.length}`);
  }
  return matches[0] as IConstruct;
}
