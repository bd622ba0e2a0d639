import { Match, Template } from 'aws-cdk-lib/assertions';
import { ENV } from '../../lambdas/shared/env';
import { FeedsTable, GuidesTable, JobsTable } from '../../lambdas/shared/tables';
import { INDEX_READ_ACTIONS, NODE_RUNTIME, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lib/constructs/careerwire-function';
import { ACCESS_LOG_FIELDS, ADMIN_ROUTE_PATH, ADMIN_TIMEOUT } from '../../lib/stacks/api-stack';
import {
  actionsOf,
  dynamoAccessByTable,
  logicalId,
  removeOutdir,
  type Statement,
  statementsOfRole,
  type SynthesizedApp,
  synthesizeApp,
  tableLogicalIds,
} from './support';

/** A cross-stack reference to an output of the data stack (weak references: Fn::GetStackOutput). */
const fromDataStack = (outputPattern: RegExp) =>
  Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp(outputPattern.source) }) });

const READ = [...TABLE_READ_ACTIONS].sort();
const READ_WRITE = [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS].sort();

describe('api stack (default configuration)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  let functionId: string;
  let adminFunctionId: string;
  let statements: Statement[];
  let adminStatements: Statement[];

  beforeAll(() => {
    synthesized = synthesizeApp();
    template = Template.fromStack(synthesized.api);
    functionId = logicalId(synthesized.api.apiFunction.function);
    adminFunctionId = logicalId(synthesized.api.adminFunction.function);
    statements = statementsOfRole(template, logicalId(synthesized.api.apiFunction.role));
    adminStatements = statementsOfRole(template, logicalId(synthesized.api.adminFunction.role));
  });
  afterAll(() => removeOutdir(synthesized));

  /** The integration whose target is the function with this logical id. */
  const integrationOf = (targetFunctionId: string): [string, Record<string, any>] => {
    const found = Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')).filter(
      ([, resource]) => JSON.stringify(resource.Properties.IntegrationUri) === JSON.stringify({ 'Fn::GetAtt': [targetFunctionId, 'Arn'] }),
    );
    expect(found).toHaveLength(1);
    return found[0] as [string, Record<string, any>];
  };

  it('runs the api entry on the shared function defaults, with the Guides and Jobs table names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: NODE_RUNTIME.name,
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectLike({
          [GuidesTable.envVar]: {
            'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('^PublishOutputRefGuidesTable') }),
          },
          [JobsTable.envVar]: fromDataStack(/^PublishOutputRefJobsTable/),
          POWERTOOLS_SERVICE_NAME: 'careerwire-api',
          POWERTOOLS_METRICS_NAMESPACE: 'careerwire',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it('public api function is read-only on every table it can reach (Guides, Jobs)', () => {
    expect(dynamoAccessByTable(statements, tableLogicalIds(synthesized))).toEqual({
      [GuidesTable.id]: { table: READ, indexes: [...INDEX_READ_ACTIONS] },
      [JobsTable.id]: { table: READ, indexes: [...INDEX_READ_ACTIONS] },
    });
    for (const action of [...TABLE_WRITE_ACTIONS, 'dynamodb:*']) {
      expect(actionsOf(statements)).not.toContain(action);
    }
    expect(actionsOf(statements).filter((a) => /^(s3|sqs|sns|ses|secretsmanager|kms|ssm):/.test(a))).toEqual([]);
  });

  it('public api function has no permission beyond logs, X-Ray and reading tables (no secret)', () => {
    const services = new Set(actionsOf(statements).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'xray']);
  });

  it('runs the admin entry on the shared function defaults, with the secret ARN and its table names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: NODE_RUNTIME.name,
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: ADMIN_TIMEOUT.toSeconds(),
      Environment: {
        Variables: {
          [ENV.adminApiKeySecretArn]: fromDataStack(/^PublishOutputRefAdminApiKeySecret/),
          [JobsTable.envVar]: fromDataStack(/^PublishOutputRefJobsTable/),
          [GuidesTable.envVar]: fromDataStack(/^PublishOutputRefGuidesTable/),
          [FeedsTable.envVar]: fromDataStack(/^PublishOutputRefFeedsTable/),
          POWERTOOLS_SERVICE_NAME: 'careerwire-admin',
          POWERTOOLS_METRICS_NAMESPACE: 'careerwire',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    expect(ADMIN_TIMEOUT.toSeconds()).toBeLessThan(30);
  });

  it('admin function may write the Jobs table only, and read Guides and Feeds', () => {
    expect(dynamoAccessByTable(adminStatements, tableLogicalIds(synthesized))).toEqual({
      [JobsTable.id]: { table: READ_WRITE, indexes: [...INDEX_READ_ACTIONS] },
      [GuidesTable.id]: { table: READ, indexes: [...INDEX_READ_ACTIONS] },
      [FeedsTable.id]: { table: READ, indexes: [] },
    });
  });

  it('admin function may get the value of the admin API key secret, and of no other secret', () => {
    const secrets = adminStatements.filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toHaveLength(1);
    // grantRead: GetSecretValue, plus DescribeSecret (metadata only, never the value).
    expect(actionsOf(secrets)).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(secrets[0]?.Resource).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        OutputName: expect.stringMatching(new RegExp(`^PublishOutputRef${logicalId(synthesized.data.adminApiKeySecret)}`)),
      }),
    });
    const services = new Set(actionsOf(adminStatements).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'secretsmanager', 'xray']);
  });

  it('sends /admin/{proxy+} (any method) to the admin function, everything else ($default) to the api function', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
    const [apiIntegrationId, apiIntegration] = integrationOf(functionId);
    const [adminIntegrationId, adminIntegration] = integrationOf(adminFunctionId);
    for (const integration of [apiIntegration, adminIntegration]) {
      expect(integration.Properties).toEqual(expect.objectContaining({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' }));
    }
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      AuthorizationType: 'NONE',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: apiIntegrationId }]] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: `ANY ${ADMIN_ROUTE_PATH}`,
      AuthorizationType: 'NONE',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: adminIntegrationId }]] },
    });
    expect(ADMIN_ROUTE_PATH).toBe('/admin/{proxy+}');
  });

  it('lets API Gateway invoke the admin function on the admin route only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [adminFunctionId, 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(synthesized.api.httpApi) }, `/*/*${ADMIN_ROUTE_PATH}`])] },
    });
  });

  it('does not let browsers on other origins send x-api-key or write methods (CORS)', () => {
    const api = Object.values(template.findResources('AWS::ApiGatewayV2::Api'))[0];
    const cors = api?.Properties.CorsConfiguration;
    expect(cors.AllowHeaders.map((h: string) => h.toLowerCase())).not.toContain('x-api-key');
    expect(cors.AllowMethods).toEqual(expect.not.arrayContaining(['POST', 'PUT', 'DELETE', 'PATCH', '*']));
  });

  it('allows cross-origin GET from any origin', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['*'], AllowMethods: Match.arrayWith(['GET']) }),
    });
  });

  it('throttles the default stage with the configured rate and burst', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('writes JSON access logs with request id, ip, method, path, status and latency', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const settings = stage?.Properties.AccessLogSettings;
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(synthesized.api.accessLogGroup), 'Arn'] });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(format).toEqual(
      expect.objectContaining({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    );
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('lets API Gateway invoke the function, for this API only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(synthesized.api.httpApi) }])] },
    });
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { Ref: logicalId(synthesized.api.httpApi) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/']],
      },
    });
  });

  it('alarms on admin function errors, notifying the alarm topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: adminFunctionId } }],
      Threshold: 1,
      AlarmActions: [fromDataStack(/AlarmTopic/)],
    });
  });

  it('alarms on 5xx answers and function errors, notifying the alarm topic', () => {
    const topic = { 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('AlarmTopic') }) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/ApiGateway', MetricName: '5xx', AlarmActions: [topic] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      AlarmActions: [topic],
    });
  });
});

describe('api stack (throttling from context)', () => {
  // -c values arrive as strings; synthesized separately because throttling is part of the app.
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesizeApp({ apiThrottleRateLimit: '7', apiThrottleBurstLimit: '9', stage: 'staging' });
  });
  afterAll(() => removeOutdir(synthesized));

  it('applies the configured limits and names stacks after the stage', () => {
    Template.fromStack(synthesized.api).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 },
    });
    expect(synthesized.api.stackName).toBe('careerwire-staging-api');
    expect(synthesized.data.stackName).toBe('careerwire-staging-data');
  });
});
