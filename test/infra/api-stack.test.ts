import { Match, Template } from 'aws-cdk-lib/assertions';
import { GuidesTable } from '../../lambdas/shared/tables';
import { NODE_RUNTIME, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lib/constructs/careerwire-function';
import { ACCESS_LOG_FIELDS } from '../../lib/stacks/api-stack';
import { actionsOf, logicalId, removeOutdir, type Statement, statementsOfRole, type SynthesizedApp, synthesizeApp } from './support';

describe('api stack (default configuration)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  let functionId: string;
  let statements: Statement[];

  beforeAll(() => {
    synthesized = synthesizeApp();
    template = Template.fromStack(synthesized.api);
    functionId = logicalId(synthesized.api.apiFunction.function);
    statements = statementsOfRole(template, logicalId(synthesized.api.apiFunction.role));
  });
  afterAll(() => removeOutdir(synthesized));

  it('runs the api entry on the shared function defaults, with the Guides table name', () => {
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
          POWERTOOLS_SERVICE_NAME: 'careerwire-api',
          POWERTOOLS_METRICS_NAMESPACE: 'careerwire',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it('may only read the Guides table: no write action anywhere in its policies', () => {
    const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(actionsOf(dynamo)).toEqual([...TABLE_READ_ACTIONS].sort());
    for (const action of [...TABLE_WRITE_ACTIONS, 'dynamodb:*']) {
      expect(actionsOf(statements)).not.toContain(action);
    }
    expect(actionsOf(statements).filter((a) => /^(s3|sqs|sns|ses):/.test(a))).toEqual([]);
  });

  it('has no permission beyond logs, X-Ray and reading the Guides table', () => {
    const services = new Set(actionsOf(statements).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'xray']);
  });

  it('sends every request ($default route) to the function with payload format 2.0', () => {
    const integration = Object.entries(template.findResources('AWS::ApiGatewayV2::Integration'));
    expect(integration).toHaveLength(1);
    const [integrationId, resource] = integration[0] as [string, Record<string, any>];
    expect(resource.Properties).toEqual(
      expect.objectContaining({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
      }),
    );
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      AuthorizationType: 'NONE',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
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
