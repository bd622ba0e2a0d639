import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import {
  FeedsTable,
  GUIDE_SUMMARY_ATTRIBUTES,
  GuidesTable,
  JobsTable,
  SubscribersTable,
  TABLES,
  type TableDefinition,
} from '../../lambdas/shared/tables';
import { loadConfig } from '../../lib/config';
import { CareerwireTable } from '../../lib/constructs/careerwire-table';
import { ADMIN_API_KEY_LENGTH, CUSTOMER_KEY_TABLES, DataStack, TOKEN_KEY_SECRET } from '../../lib/stacks/data-stack';
import { CDK_JSON_CONTEXT, logicalId, NO_BUNDLING_CONTEXT, removeOutdir, type SynthesizedApp, synthesizeApp } from './support';

describe('data stack (default configuration)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;

  beforeAll(() => {
    // Only the data stack is asserted, and it has no code asset: skip bundling the functions.
    synthesized = synthesizeApp(NO_BUNDLING_CONTEXT);
    template = Template.fromStack(synthesized.data);
  });
  afterAll(() => removeOutdir(synthesized));

  it('creates one table per shared definition', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', TABLES.length);
  });

  it.each(TABLES.map((def) => [def.id, def] as const))('table %s: on demand, PITR, encrypted, protected, retained', (_id, def) => {
    const table = synthesized.data.table(def).table;
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' }] : []),
        ],
      }),
    });
    expect(logicalId(table)).toMatch(new RegExp(`^${def.id}Table`));
  });

  it('holds the Guides, Jobs and Feeds tables', () => {
    expect(TABLES.map((def) => def.id)).toEqual(expect.arrayContaining([GuidesTable.id, JobsTable.id, FeedsTable.id]));
    for (const def of [GuidesTable, JobsTable, FeedsTable]) expect(synthesized.data.table(def).definition).toBe(def);
  });

  it.each(TABLES.map((def) => [def.id, def] as const))('table %s: TTL exactly as its definition declares', (_id, def) => {
    const resource = template.findResources('AWS::DynamoDB::Table')[logicalId(synthesized.data.table(def).table)];
    expect(resource?.Properties.TimeToLiveSpecification).toEqual(
      def.timeToLiveAttribute === undefined ? undefined : { AttributeName: def.timeToLiveAttribute, Enabled: true },
    );
  });

  it('of the guide and job tables, expires Jobs (by expiresAt) and neither Guides nor Feeds', () => {
    const ttlOf = (def: TableDefinition): unknown =>
      template.findResources('AWS::DynamoDB::Table')[logicalId(synthesized.data.table(def).table)]?.Properties.TimeToLiveSpecification;
    expect([GuidesTable, JobsTable, FeedsTable].map((def) => [def.id, ttlOf(def)])).toEqual([
      [GuidesTable.id, undefined],
      [JobsTable.id, { AttributeName: 'expiresAt', Enabled: true }],
      [FeedsTable.id, undefined],
    ]);
  });

  it('builds the Jobs "posted since" index from the definition: postedMonth / postedKey, all attributes', () => {
    const [index] = JobsTable.globalSecondaryIndexes;
    expect([index.indexName, index.partitionKey.name, index.sortKey.name]).toEqual(['byPostedMonth', 'postedMonth', 'postedKey']);
    const resource = template.findResources('AWS::DynamoDB::Table')[logicalId(synthesized.data.table(JobsTable).table)];
    expect(resource?.Properties).toEqual(
      expect.objectContaining({
        KeySchema: [{ AttributeName: JobsTable.partitionKey.name, KeyType: 'HASH' }],
        AttributeDefinitions: expect.arrayContaining([
          { AttributeName: JobsTable.partitionKey.name, AttributeType: 'S' },
          { AttributeName: index.partitionKey.name, AttributeType: index.partitionKey.type },
          { AttributeName: index.sortKey.name, AttributeType: index.sortKey.type },
        ]),
        GlobalSecondaryIndexes: [
          {
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  });

  it('Feeds: one item per source, no index', () => {
    const resource = template.findResources('AWS::DynamoDB::Table')[logicalId(synthesized.data.table(FeedsTable).table)];
    expect(resource?.Properties.KeySchema).toEqual([{ AttributeName: FeedsTable.partitionKey.name, KeyType: 'HASH' }]);
    expect(resource?.Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('sets no physical table name', () => {
    for (const table of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(table.Properties.TableName).toBeUndefined();
    }
  });

  it('builds the Guides listing index from the definition, without key attributes in NonKeyAttributes', () => {
    const [index] = GuidesTable.globalSecondaryIndexes;
    const keys = new Set(['slug', index.partitionKey.name, index.sortKey.name]);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: GuidesTable.partitionKey.name, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: GUIDE_SUMMARY_ATTRIBUTES.filter((name) => !keys.has(name)),
          },
        },
      ],
      TimeToLiveSpecification: Match.absent(),
    });
  });

  it('admin API key: generated by CloudFormation, long, letters and digits only, retained, no value in the template', () => {
    const id = logicalId(synthesized.data.adminApiKeySecret);
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Description: Match.stringLikeRegexp('admin API key'),
        GenerateSecretString: { PasswordLength: ADMIN_API_KEY_LENGTH, ExcludePunctuation: true, IncludeSpace: false },
      },
    });
    expect(ADMIN_API_KEY_LENGTH).toBeGreaterThanOrEqual(40);
    expect(template.findResources('AWS::SecretsManager::Secret')[id]?.Properties.SecretString).toBeUndefined();
    // Read by the admin function only (an IAM grant in the API stack): no resource policy, no rotation function.
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });

  it('token keys: generated by CloudFormation in the flat shape, retained, no value in the template, ARN as an output', () => {
    const id = logicalId(synthesized.data.tokenKeysSecret);
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Description: Match.stringLikeRegexp('sign subscription links'),
        GenerateSecretString: {
          SecretStringTemplate: JSON.stringify(TOKEN_KEY_SECRET.template),
          GenerateStringKey: TOKEN_KEY_SECRET.generateStringKey,
          PasswordLength: TOKEN_KEY_SECRET.length,
          ExcludePunctuation: true,
          IncludeSpace: false,
        },
      },
    });
    expect(template.findResources('AWS::SecretsManager::Secret')[id]?.Properties.SecretString).toBeUndefined();
    template.hasOutput('TokenKeysSecretArn', { Value: { Ref: id }, Description: Match.stringLikeRegexp('put-secret-value') });
  });

  it('Subscribers (email addresses): encrypted with its own customer-managed key, rotated yearly, retained', () => {
    const key = synthesized.data.tableKeys.get(SubscribersTable.id);
    expect(key).toBeDefined();
    expect([...synthesized.data.tableKeys.keys()]).toEqual([...CUSTOMER_KEY_TABLES]);
    const keyId = logicalId(key as IConstruct);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    expect(template.findResources('AWS::KMS::Key')[keyId]?.Properties.EnableKeyRotation).toBe(true);
    const subscribers = template.findResources('AWS::DynamoDB::Table')[logicalId(synthesized.data.table(SubscribersTable).table)];
    expect(subscribers?.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(synthesized.data.table(SubscribersTable).table.encryptionKey).toBe(key);
  });

  it('every other table stays on the AWS-managed key', () => {
    for (const def of TABLES.filter((d) => !CUSTOMER_KEY_TABLES.includes(d.id))) {
      const resource = template.findResources('AWS::DynamoDB::Table')[logicalId(synthesized.data.table(def).table)];
      expect({ id: def.id, sse: resource?.Properties.SSESpecification }).toEqual({ id: def.id, sse: { SSEEnabled: true } });
    }
    template.resourceCountIs('AWS::KMS::Key', CUSTOMER_KEY_TABLES.length);
  });

  it('Subscribers: the sparse keys-only audience index of its definition, and TTL on expiresAt for pending sign-ups', () => {
    const resource = template.findResources('AWS::DynamoDB::Table')[logicalId(synthesized.data.table(SubscribersTable).table)];
    const [index] = SubscribersTable.globalSecondaryIndexes;
    expect(resource?.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ]);
    expect(resource?.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('holds the HTTP API itself (no stage or route), with its URL as apiBaseUrl', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    expect(synthesized.data.resolve(synthesized.data.apiBaseUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: logicalId(synthesized.data.httpApi) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    });
  });

  it('content bucket: versioned, SSE-S3, public access blocked, access-logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(synthesized.data.accessLogsBucket) },
        LogFilePrefix: 'content-bucket/',
      },
    });
  });

  it('every bucket denies requests without TLS', () => {
    const buckets = Object.keys(template.findResources('AWS::S3::Bucket'));
    expect(buckets).toHaveLength(2);
    for (const bucket of buckets) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucket },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('buckets have no physical name and are retained', () => {
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket.Properties.BucketName).toBeUndefined();
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });

  it('alarm topic enforces TLS and has no subscription unless alarmEmail is set', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('outputs the content bucket, table and alarm topic names and the admin API key secret ARN', () => {
    template.hasOutput('ContentBucketName', { Value: { Ref: logicalId(synthesized.data.contentBucket) } });
    for (const def of TABLES) {
      template.hasOutput(`${def.id}TableName`, { Value: { Ref: logicalId(synthesized.data.table(def).table) } });
    }
    template.hasOutput('AlarmTopicArn', { Value: { Ref: logicalId(synthesized.data.alarmTopic) } });
    // Ref of a secret is its full ARN, what `aws secretsmanager get-secret-value --secret-id` takes.
    template.hasOutput('AdminApiKeySecretArn', {
      Value: { Ref: logicalId(synthesized.data.adminApiKeySecret) },
      Description: Match.stringLikeRegexp('get-secret-value'),
    });
  });
});

describe('data stack (removalPolicy=destroy, alarmEmail set)', () => {
  // No functions in this stack: built on its own, it synthesizes without bundling.
  let template: Template;
  beforeAll(() => {
    const app = new App({ context: { ...CDK_JSON_CONTEXT, removalPolicy: 'destroy', alarmEmail: 'ops@example.com' } });
    const config = loadConfig(app.node);
    template = Template.fromStack(new DataStack(app, 'Data', { config }));
  });

  it('tables are deleted with the stack and not deletion-protected', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('buckets are emptied and deleted with the stack', () => {
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Delete');
    }
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });

  it('the admin API key and token key secrets, and the Subscribers key, are deleted with the stack', () => {
    for (const secret of Object.values(template.findResources('AWS::SecretsManager::Secret'))) expect(secret.DeletionPolicy).toBe('Delete');
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });

  it('subscribes the alarm email to the alarm topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });
});

describe('CareerwireTable', () => {
  const synthesizeTable = (definition: TableDefinition): Template => {
    const app = new App({ context: CDK_JSON_CONTEXT });
    const stack = new DataStack(app, 'Tables', {
      config: loadConfig(app.node),
      tables: [definition],
    });
    return Template.fromStack(stack);
  };

  it('sets TTL and maps ALL / KEYS_ONLY projections and numeric keys', () => {
    const template = synthesizeTable({
      id: 'Events',
      envVar: 'EVENTS_TABLE',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'at', type: 'N' },
      timeToLiveAttribute: 'expiresAt',
      globalSecondaryIndexes: [
        { indexName: 'byKind', partitionKey: { name: 'kind', type: 'S' }, projection: 'ALL' },
        { indexName: 'byOwner', partitionKey: { name: 'owner', type: 'S' }, sortKey: { name: 'at', type: 'N' }, projection: 'KEYS_ONLY' },
        { indexName: 'keysOnlyList', partitionKey: { name: 'kind', type: 'S' }, projection: ['pk', 'kind'] },
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'at', AttributeType: 'N' }]),
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'byKind', Projection: { ProjectionType: 'ALL' } }),
        Match.objectLike({ IndexName: 'byOwner', Projection: { ProjectionType: 'KEYS_ONLY' } }),
        Match.objectLike({ IndexName: 'keysOnlyList', Projection: { ProjectionType: 'KEYS_ONLY' } }),
      ],
    });
  });

  const base: TableDefinition = {
    id: 'Things',
    envVar: 'THINGS_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    globalSecondaryIndexes: [],
  };
  it.each<[string, TableDefinition, RegExp]>([
    ['a key attribute with two types', { ...base, globalSecondaryIndexes: [{ indexName: 'byId', partitionKey: { name: 'id', type: 'N' }, projection: 'ALL' }] }, /"id" is both S and N/],
    ['an index declared twice', { ...base, globalSecondaryIndexes: [
      { indexName: 'byX', partitionKey: { name: 'x', type: 'S' }, projection: 'ALL' },
      { indexName: 'byX', partitionKey: { name: 'y', type: 'S' }, projection: 'ALL' },
    ] }, /declared twice/],
    ['an empty projection list', { ...base, globalSecondaryIndexes: [{ indexName: 'byX', partitionKey: { name: 'x', type: 'S' }, projection: [] }] }, /at least one attribute/],
    ['a lower-case envVar', { ...base, envVar: 'things' }, /envVar must be UPPER_SNAKE_CASE/],
  ])('refuses %s', (_what, definition, message) => {
    const app = new App({ context: CDK_JSON_CONTEXT });
    const stack = new DataStack(app, 'Unused', { config: loadConfig(app.node), tables: [] });
    expect(() => new CareerwireTable(stack, 'Bad', { definition })).toThrow(message);
  });
});
