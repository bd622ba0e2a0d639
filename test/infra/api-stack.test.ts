import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { ALERT_ENV, ENV, SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import {
  DeliveriesTable,
  GuidesTable,
  JobsTable,
  RateLimitsTable,
  RunsTable,
  SubscribersTable,
  SuppressionsTable,
} from '../../lambdas/shared/tables';
import { NODE_RUNTIME } from '../../lib/constructs/careerwire-function';
import { ACCESS_LOG_FIELDS, ADMIN_ROUTE_PATH, ADMIN_TIMEOUT, SIGN_UP_ROUTE_KEY, SIGN_UP_THROTTLE, SITE_SIGN_UP_ROUTE_KEY } from '../../lib/stacks/api-stack';
import {
  actionsOf,
  crossStackValue,
  dynamoAccessByTable,
  fromOtherStack,
  logicalId,
  NO_BUNDLING_CONTEXT,
  removeOutdir,
  type Statement,
  statementsOfRole,
  type SynthesizedApp,
  synthesizeApp,
  tableLogicalIds,
  ddb,
} from './support';

/** The value of a reference to `logicalId` in another stack (a Ref or a GetAtt Arn). */
const fromDataStackValue = (id: string) => crossStackValue(new RegExp(`^PublishOutput(Ref|FnGetAtt)${id}`));
const services = (statements: Statement[]) => [...new Set(actionsOf(statements).map((action) => action.split(':')[0]))].sort();


describe('api stack (default configuration)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  let functionId: string;
  let subscriptionsFunctionId: string;
  let adminFunctionId: string;
  let statements: Statement[];
  let subscriptionsStatements: Statement[];
  let adminStatements: Statement[];

  beforeAll(() => {
    // Templates only: the synthesized-app suite bundles every function.
    synthesized = synthesizeApp(NO_BUNDLING_CONTEXT);
    template = Template.fromStack(synthesized.api);
    functionId = logicalId(synthesized.api.apiFunction.function);
    subscriptionsFunctionId = logicalId(synthesized.api.subscriptionsFunction.function);
    adminFunctionId = logicalId(synthesized.api.adminFunction.function);
    statements = statementsOfRole(template, logicalId(synthesized.api.apiFunction.role));
    subscriptionsStatements = statementsOfRole(template, logicalId(synthesized.api.subscriptionsFunction.role));
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

  const shared = {
    Runtime: NODE_RUNTIME.name,
    Architectures: ['arm64'],
    TracingConfig: { Mode: 'Active' },
    Handler: 'index.handler',
  };
  // No publicBaseUrl in context: the API's own URL, from its id in the data stack.
  const apiBaseUrl = {
    'Fn::Join': ['', ['https://', fromOtherStack(/^PublishOutputRefHttpApi/), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
  };
  const powertools = (service: string) => ({
    POWERTOOLS_SERVICE_NAME: service,
    POWERTOOLS_METRICS_NAMESPACE: 'careerwire',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
  });

  it('runs the api entry on the shared function defaults, with its two tables, the token keys (page cursors) and the base URL; no subscriber table, no SES', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      ...shared,
      Environment: {
        Variables: {
          [GuidesTable.envVar]: fromOtherStack(/^PublishOutputRefGuidesTable/),
          [JobsTable.envVar]: fromOtherStack(/^PublishOutputRefJobsTable/),
          [SUBSCRIPTION_ENV.tokenSecretArn]: fromOtherStack(/^PublishOutputRefTokenKeysSecret/),
          [SUBSCRIPTION_ENV.publicBaseUrl]: apiBaseUrl,
          ...powertools('careerwire-api'),
        },
      },
    });
  });

  it('runs the subscriptions entry on the same defaults, with its tables, token keys, base URL, sign-up limits and SES settings', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      ...shared,
      MemorySize: 512,
      Timeout: 10,
      Environment: {
        Variables: {
          [GuidesTable.envVar]: fromOtherStack(/^PublishOutputRefGuidesTable/),
          [JobsTable.envVar]: fromOtherStack(/^PublishOutputRefJobsTable/),
          [SubscribersTable.envVar]: fromOtherStack(/^PublishOutputRefSubscribersTable/),
          [DeliveriesTable.envVar]: fromOtherStack(/^PublishOutputRefDeliveriesTable/),
          [SuppressionsTable.envVar]: fromOtherStack(/^PublishOutputRefSuppressionsTable/),
          [RateLimitsTable.envVar]: fromOtherStack(/^PublishOutputRefRateLimitsTable/),
          [SUBSCRIPTION_ENV.tokenSecretArn]: fromOtherStack(/^PublishOutputRefTokenKeysSecret/),
          [SUBSCRIPTION_ENV.publicBaseUrl]: apiBaseUrl,
          [SUBSCRIPTION_ENV.senderEmail]: 'alerts@example.com',
          [SUBSCRIPTION_ENV.sesConfigurationSet]: fromOtherStack(/^PublishOutputRefConfigurationSet/),
          SIGN_UPS_PER_CLIENT_PER_HOUR: '20',
          CONFIRMATION_EMAILS_PER_HOUR: '500',
          ...powertools('careerwire-subscriptions'),
        },
      },
    });
  });

  it('public api function: read-only, exactly the operations its routes issue', () => {
    expect(dynamoAccessByTable(statements, tableLogicalIds(synthesized))).toEqual({
      [GuidesTable.id]: { table: ddb('GetItem'), indexes: ddb('Query') },
      [JobsTable.id]: { table: ddb('GetItem'), indexes: ddb('Query') },
    });
    expect(actionsOf(statements)).not.toContain('dynamodb:*');
  });

  it('public api function reads the token keys (page cursors); no KMS key, no SES, nothing more', () => {
    expect(services(statements)).toEqual(['dynamodb', 'logs', 'secretsmanager', 'xray']);
    const secrets = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toEqual([
      expect.objectContaining({
        Action: 'secretsmanager:GetSecretValue',
        Resource: fromDataStackValue(logicalId(synthesized.data.tokenKeysSecret)),
      }),
    ]);
  });

  it('subscriptions function: exactly the operations its routes issue (no Scan, no BatchWriteItem on Subscribers)', () => {
    expect(dynamoAccessByTable(subscriptionsStatements, tableLogicalIds(synthesized))).toEqual({
      [GuidesTable.id]: { table: [], indexes: ddb('Query') },
      [JobsTable.id]: { table: ddb('GetItem'), indexes: [] },
      [SubscribersTable.id]: { table: ddb('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'), indexes: [] },
      [DeliveriesTable.id]: { table: ddb('Query', 'BatchWriteItem'), indexes: [] },
      [SuppressionsTable.id]: { table: ddb('GetItem'), indexes: [] },
      [RateLimitsTable.id]: { table: ddb('GetItem', 'UpdateItem'), indexes: [] },
    });
    expect(actionsOf(subscriptionsStatements)).not.toContain('dynamodb:*');
  });

  it('subscriptions function may use the Subscribers key through DynamoDB, read the token keys and send from the sender address; nothing more', () => {
    const statements = subscriptionsStatements;
    expect(services(statements)).toEqual(['dynamodb', 'kms', 'logs', 'secretsmanager', 'ses', 'xray']);
    const kms = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
    expect(kms).toEqual([
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: fromDataStackValue(logicalId(synthesized.data.tableKeys.get(SubscribersTable.id) as IConstruct)),
        Condition: { StringEquals: { 'kms:ViaService': expect.anything() } },
      }),
    ]);
    const secrets = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toEqual([
      expect.objectContaining({
        Action: 'secretsmanager:GetSecretValue',
        Resource: fromDataStackValue(logicalId(synthesized.data.tokenKeysSecret)),
      }),
    ]);
    const ses = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toBe('ses:SendEmail');
    expect(ses[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'alerts@example.com' } });
  });

  it('neither public function can invoke the planner or read the admin key', () => {
    for (const fn of [statements, subscriptionsStatements]) {
      expect(actionsOf(fn).filter((a) => a.startsWith('lambda:'))).toEqual([]);
      expect(JSON.stringify(fn)).not.toContain(logicalId(synthesized.data.adminApiKeySecret));
    }
  });

  it('runs the admin entry on the shared function defaults, with the secret ARN, the planner and its table names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: NODE_RUNTIME.name,
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: ADMIN_TIMEOUT.toSeconds(),
      Environment: {
        Variables: {
          [ENV.adminApiKeySecretArn]: fromOtherStack(/^PublishOutputRefAdminApiKeySecret/),
          [ALERT_ENV.plannerFunctionName]: fromOtherStack(new RegExp(`^PublishOutputRef${logicalId(synthesized.alerts.planner.function)}`)),
          [JobsTable.envVar]: fromOtherStack(/^PublishOutputRefJobsTable/),
          [GuidesTable.envVar]: fromOtherStack(/^PublishOutputRefGuidesTable/),
          [SubscribersTable.envVar]: fromOtherStack(/^PublishOutputRefSubscribersTable/),
          [RunsTable.envVar]: fromOtherStack(/^PublishOutputRefRunsTable/),
          POWERTOOLS_SERVICE_NAME: 'careerwire-admin',
          POWERTOOLS_METRICS_NAMESPACE: 'careerwire',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    expect(ADMIN_TIMEOUT.toSeconds()).toBeLessThan(30);
  });

  it('admin function: batches of Jobs, the Guides index, one Subscriber read and updated (tiers), a Run read', () => {
    expect(dynamoAccessByTable(adminStatements, tableLogicalIds(synthesized))).toEqual({
      [JobsTable.id]: { table: ddb('BatchGetItem', 'BatchWriteItem'), indexes: [] },
      [GuidesTable.id]: { table: [], indexes: ddb('Query') },
      [SubscribersTable.id]: { table: ddb('GetItem', 'UpdateItem'), indexes: [] },
      [RunsTable.id]: { table: ddb('GetItem'), indexes: [] },
    });
  });

  it('admin function may get the value of the admin API key secret, and of no other secret', () => {
    const secrets = adminStatements.filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toHaveLength(1);
    // GetSecretValue only: nothing reads the secret's metadata (DescribeSecret).
    expect(actionsOf(secrets)).toEqual(['secretsmanager:GetSecretValue']);
    expect(secrets[0]?.Resource).toEqual(fromDataStackValue(logicalId(synthesized.data.adminApiKeySecret)));
    expect(services(adminStatements)).toEqual(['dynamodb', 'kms', 'lambda', 'logs', 'secretsmanager', 'xray']);
  });

  it('admin function may invoke the planner (unqualified) and no other function', () => {
    const invoke = adminStatements.filter((s) => actionsOf([s]).some((a) => a.startsWith('lambda:')));
    expect(invoke).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: {
          'Fn::GetStackOutput': expect.objectContaining({
            StackName: synthesized.alerts.stackName,
            OutputName: expect.stringMatching(new RegExp(`^PublishOutputFnGetAtt${logicalId(synthesized.alerts.planner.function)}Arn`)),
          }),
        },
      },
    ]);
  });

  it('sends /admin/{proxy+} to the admin function, the subscription paths (and the throttled sign-up routes) to the subscriptions function, the rest ($default) to the api function', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 3);
    const [apiIntegrationId, apiIntegration] = integrationOf(functionId);
    const [subscriptionsIntegrationId, subscriptionsIntegration] = integrationOf(subscriptionsFunctionId);
    const [adminIntegrationId, adminIntegration] = integrationOf(adminFunctionId);
    for (const integration of [apiIntegration, subscriptionsIntegration, adminIntegration]) {
      expect(integration.Properties).toEqual(expect.objectContaining({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' }));
    }
    const target = (id: string) => ({ 'Fn::Join': ['', ['integrations/', { Ref: id }]] });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      key: r.Properties.RouteKey as string,
      auth: r.Properties.AuthorizationType as string,
      target: JSON.stringify(r.Properties.Target),
    }));
    const to = (id: string) => routes.filter((r) => r.target === JSON.stringify(target(id))).map((r) => r.key).sort();
    expect(to(apiIntegrationId)).toEqual(['$default']);
    expect(to(subscriptionsIntegrationId)).toEqual(
      ['ANY /subscribe', 'ANY /subscriptions', 'ANY /subscriptions/{proxy+}', 'ANY /unsubscribe', SIGN_UP_ROUTE_KEY, SITE_SIGN_UP_ROUTE_KEY].sort(),
    );
    expect(to(adminIntegrationId)).toEqual([`ANY ${ADMIN_ROUTE_PATH}`]);
    expect(routes).toHaveLength(8);
    expect(routes.every((r) => r.auth === 'NONE')).toBe(true);
    expect(ADMIN_ROUTE_PATH).toBe('/admin/{proxy+}');
  });

  it('lets API Gateway invoke the admin function on the admin route only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [adminFunctionId, 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([fromOtherStack(/^PublishOutputRefHttpApi/), `/*/*${ADMIN_ROUTE_PATH}`])] },
    });
  });

  it('adds stage and routes to the API of the data stack (its id is in emailed links)', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    Template.fromStack(synthesized.data).resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    for (const type of ['AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Stage']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource.Properties.ApiId).toEqual(fromDataStackValue(logicalId(synthesized.data.httpApi)));
      }
    }
  });

  it('does not let browsers on other origins send x-api-key or write methods (CORS)', () => {
    const api = Object.values(Template.fromStack(synthesized.data).findResources('AWS::ApiGatewayV2::Api'))[0];
    const cors = api?.Properties.CorsConfiguration;
    expect(cors.AllowHeaders.map((h: string) => h.toLowerCase())).not.toContain('x-api-key');
    expect(cors.AllowMethods).toEqual(expect.not.arrayContaining(['POST', 'PUT', 'DELETE', 'PATCH', '*']));
  });

  it('allows cross-origin GET from any origin', () => {
    Template.fromStack(synthesized.data).hasResourceProperties('AWS::ApiGatewayV2::Api', {
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

  it('throttles POST /subscriptions and the site form\'s POST /subscribe on their own, far below the stage', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(SITE_SIGN_UP_ROUTE_KEY).toBe('POST /subscribe');
    expect(stage?.Properties.RouteSettings).toEqual({
      [SIGN_UP_ROUTE_KEY]: { ThrottlingRateLimit: SIGN_UP_THROTTLE.rateLimit, ThrottlingBurstLimit: SIGN_UP_THROTTLE.burstLimit },
      [SITE_SIGN_UP_ROUTE_KEY]: { ThrottlingRateLimit: SIGN_UP_THROTTLE.rateLimit, ThrottlingBurstLimit: SIGN_UP_THROTTLE.burstLimit },
    });
    expect(SIGN_UP_THROTTLE.rateLimit).toBeLessThan(50);
    expect(stage?.DependsOn).toEqual(
      expect.arrayContaining([logicalId(synthesized.api.node.findChild('SignUpRoute')), logicalId(synthesized.api.node.findChild('SiteSignUpRoute'))]),
    );
  });

  it('access logs carry the route key, never the path (the tier route holds an address)', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format).filter((v) => /\$context\.(path|resourcePath|http\.path)\b/.test(v) || v.includes('$request'))).toEqual([]);
    expect(Object.keys(format)).not.toContain('path');
  });

  it('alarms when sign-ups reach the overall ceiling of confirmation emails', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'careerwire',
      MetricName: 'SignUpCeilingReached',
      // Emitted by the subscriptions function, which serves the sign-ups.
      Dimensions: [{ Name: 'service', Value: 'careerwire-subscriptions' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('gives the subscriptions function the sign-up limits of the configuration, and the api function none', () => {
    const variablesOf = (service: string) =>
      Object.values(template.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === service)?.Properties
        .Environment.Variables;
    expect(variablesOf('careerwire-subscriptions')).toEqual(expect.objectContaining({ SIGN_UPS_PER_CLIENT_PER_HOUR: '20', CONFIRMATION_EMAILS_PER_HOUR: '500' }));
    expect(variablesOf('careerwire-api')).not.toHaveProperty('SIGN_UPS_PER_CLIENT_PER_HOUR');
  });

  it('writes JSON access logs with request id, ip, method, route, status and latency', () => {
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
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    );
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('lets API Gateway invoke the public functions, for this API only', () => {
    for (const id of [functionId, subscriptionsFunctionId]) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [id, 'Arn'] },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([fromOtherStack(/^PublishOutputRefHttpApi/)])] },
      });
    }
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', {
      Value: {
        // No trailing slash: `$ApiUrl/health` must not become `//health`.
        'Fn::Join': ['', ['https://', fromOtherStack(new RegExp(`^PublishOutputRef${logicalId(synthesized.data.httpApi)}`)), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
      },
    });
  });

  it('alarms on admin function errors, notifying the alarm topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: adminFunctionId } }],
      Threshold: 1,
      AlarmActions: [fromOtherStack(/AlarmTopic/)],
    });
  });

  it('alarms on 5xx answers and function errors, notifying the alarm topic', () => {
    const topic = fromOtherStack(/AlarmTopic/);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/ApiGateway', MetricName: '5xx', AlarmActions: [topic] });
    for (const id of [functionId, subscriptionsFunctionId]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
        AlarmActions: [topic],
      });
    }
  });
});

describe('api stack (throttling from context)', () => {
  // -c values arrive as strings; synthesized separately because throttling is part of the app.
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesizeApp({ apiThrottleRateLimit: '7', apiThrottleBurstLimit: '9', stages: { staging: {} }, stage: 'staging', publicBaseUrl: 'https://jobs.example.org/', ...NO_BUNDLING_CONTEXT });
  });
  afterAll(() => removeOutdir(synthesized));

  it('applies the configured limits and names stacks after the stage', () => {
    Template.fromStack(synthesized.api).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 },
    });
    expect(synthesized.api.stackName).toBe('careerwire-staging-api');
    expect(synthesized.data.stackName).toBe('careerwire-staging-data');
  });

  it('uses the configured publicBaseUrl (no trailing slash) for links instead of the API URL', () => {
    Template.fromStack(synthesized.api).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'careerwire-api', [SUBSCRIPTION_ENV.publicBaseUrl]: 'https://jobs.example.org' }) },
    });
  });
});
