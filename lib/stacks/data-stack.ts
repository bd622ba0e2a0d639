/**
 * Stateful resources: the DynamoDB tables of lambdas/shared/tables.ts, the content bucket the guides
 * are deployed to (with its server access log bucket) and the alarm topic the other stacks notify.
 * Everything else depends on this stack; it depends on nothing.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { TABLES, type TableDefinition } from '../../lambdas/shared/tables';
import type { CareerwireConfig } from '../config';
import { CareerwireTable } from '../constructs/careerwire-table';

export interface DataStackProps extends StackProps {
  readonly config: CareerwireConfig;
  /** @default TABLES from lambdas/shared/tables.ts */
  readonly tables?: readonly TableDefinition[];
}

/** Noncurrent versions of content objects are kept this long, then expire. */
const NONCURRENT_VERSION_DAYS = 90;
/** Server access logs are kept this long. */
const ACCESS_LOG_DAYS = 365;

export class DataStack extends Stack {
  /** Tables by definition id ("Guides"). */
  readonly tables: ReadonlyMap<string, CareerwireTable>;
  readonly contentBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const destroy = config.removalPolicy === RemovalPolicy.DESTROY;

    const tables = new Map<string, CareerwireTable>();
    for (const definition of props.tables ?? TABLES) {
      if (tables.has(definition.id)) throw new Error(`${this.node.path}: table id "${definition.id}" is defined twice`);
      const table = new CareerwireTable(this, `${definition.id}Table`, {
        definition,
        removalPolicy: config.removalPolicy,
        deletionProtection: config.deletionProtection,
      });
      tables.set(definition.id, table);
      new CfnOutput(this, `${definition.id}TableName`, {
        value: table.table.tableName,
        description: `Name of the ${definition.id} table (functions receive it as ${definition.envVar})`,
      });
    }
    this.tables = tables;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(ACCESS_LOG_DAYS) }],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: destroy,
    });

    this.contentBucket = new s3.Bucket(this, 'ContentBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'content-bucket/',
      lifecycleRules: [
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS) },
      ],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: destroy,
    });
    new CfnOutput(this, 'ContentBucketName', {
      value: this.contentBucket.bucketName,
      description: 'Bucket the guides are deployed to (guides/<slug>.md); objects created or removed there are ingested',
    });

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `careerwire ${config.stage} alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail !== undefined) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    }
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'SNS topic every careerwire alarm notifies; subscribe to it (or set context alarmEmail)',
    });
  }

  /** The table built from `definition`, failing loudly when the stack has none. */
  table(definition: TableDefinition): CareerwireTable {
    const table = this.tables.get(definition.id);
    if (!table) throw new Error(`${this.node.path}: no table "${definition.id}" in this stack`);
    return table;
  }
}
