/**
 * The HTTP API: API Gateway HTTP API with two routes (payload format 2.0), split for least privilege:
 * - `ANY /admin/{proxy+}` -> the admin function, the only one that writes tables or reads the admin
 *   API key secret; it checks the `x-api-key` header itself;
 * - `$default` (everything else) -> the public api function, read-only on every table; its router
 *   matches paths and answers unknown ones with a 404 problem+json itself.
 * The default stage is throttled and writes JSON access logs.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import type { CareerwireConfig } from '../config';
import { CareerwireFunction } from '../constructs/careerwire-function';
import type { CareerwireTable } from '../constructs/careerwire-table';
import { acknowledge } from '../nag';
import { PATHS } from '../paths';

/** One JSON object per request in the access log group ($context variables of HTTP APIs). */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
} as const;

/** Path prefix of the operator routes; API Gateway sends `ANY /admin/{proxy+}` to the admin function. */
export const ADMIN_ROUTE_PATH = '/admin/{proxy+}';
/** API Gateway HTTP APIs stop waiting for an integration after 30 s. */
export const ADMIN_TIMEOUT = Duration.seconds(29);

export interface ApiStackProps extends StackProps {
  readonly config: CareerwireConfig;
  readonly guidesTable: CareerwireTable;
  readonly jobsTable: CareerwireTable;
  readonly feedsTable: CareerwireTable;
  /** Holds the key the admin function expects in `x-api-key`. */
  readonly adminApiKeySecret: secretsmanager.ISecret;
  readonly alarmTopic: sns.ITopic;
}

export class ApiStack extends Stack {
  /** Public routes: read-only on every table. */
  readonly apiFunction: CareerwireFunction;
  /** Operator routes under /admin/: the writer, and the only reader of the admin API key. */
  readonly adminFunction: CareerwireFunction;
  readonly adminRoute: apigw.HttpRoute;
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.apiFunction = new CareerwireFunction(this, 'Api', {
      entry: PATHS.apiEntry,
      serviceName: 'careerwire-api',
      description: `careerwire ${config.stage}: the HTTP API (guides, jobs, subscriptions)`,
      memorySize: 512,
      timeout: Duration.seconds(10),
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
    });
    // Read-only, whatever the route: writes belong to the admin function.
    this.apiFunction
      .bindTable(props.guidesTable.table, props.guidesTable.definition, 'read')
      .bindTable(props.jobsTable.table, props.jobsTable.definition, 'read');

    this.adminFunction = new CareerwireFunction(this, 'Admin', {
      entry: PATHS.adminEntry,
      serviceName: 'careerwire-admin',
      description: `careerwire ${config.stage}: the operator routes under /admin/ (x-api-key)`,
      memorySize: 512,
      // Batches of job upserts with guide-link checks take longer than a public read.
      timeout: ADMIN_TIMEOUT,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
      environment: { [ENV.adminApiKeySecretArn]: props.adminApiKeySecret.secretArn },
    });
    this.adminFunction
      .bindTable(props.jobsTable.table, props.jobsTable.definition, 'readWrite')
      .bindTable(props.guidesTable.table, props.guidesTable.definition, 'read')
      .bindTable(props.feedsTable.table, props.feedsTable.definition, 'read');
    props.adminApiKeySecret.grantRead(this.adminFunction.role);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `careerwire ${config.stage} public API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.HEAD, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ['content-type', 'if-none-match'],
        exposeHeaders: ['etag', 'cache-control'],
        maxAge: Duration.days(1),
      },
    });

    // The CORS preflight allows neither x-api-key nor write methods: the admin routes are for
    // operators' tools, not for browsers on other origins.
    const route = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('ApiIntegration', this.apiFunction.function, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    acknowledge(
      route,
      'AwsSolutions-APIG4',
      'Public read-only API (guides, jobs) and token-link subscription pages: open by design; the admin routes are a separate route to a separate function.',
    );

    this.adminRoute = new apigw.HttpRoute(this, 'AdminRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.with(ADMIN_ROUTE_PATH, apigw.HttpMethod.ANY),
      integration: new HttpLambdaIntegration('AdminIntegration', this.adminFunction.function, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    acknowledge(
      this.adminRoute,
      'AwsSolutions-APIG4',
      'The admin function authenticates every request itself, comparing the x-api-key header in constant time with the key in Secrets Manager; an API Gateway Lambda authorizer would need the same secret and add a second function, a cache and a hop.',
    );

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiThrottle.rateLimit, burstLimit: config.apiThrottle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the careerwire HTTP API' });
    this.addAlarms(props.alarmTopic);
  }

  private addAlarms(topic: sns.ITopic): void {
    const action = new actions.SnsAction(topic);
    new cloudwatch.Alarm(this, 'Api5xxAlarm', {
      alarmDescription: 'The HTTP API answered 5xx to at least 5 requests in 5 minutes.',
      metric: this.stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
    new cloudwatch.Alarm(this, 'ApiFunctionErrorsAlarm', {
      alarmDescription: 'The api function threw (unhandled errors, timeouts) at least 5 times in 5 minutes.',
      metric: this.apiFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
    // Operators call the admin routes rarely and by hand: one failure is worth a look.
    new cloudwatch.Alarm(this, 'AdminFunctionErrorsAlarm', {
      alarmDescription: 'The admin function threw (unhandled errors, timeouts).',
      metric: this.adminFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  }
}
