/**
 * The public HTTP API: API Gateway HTTP API whose one `$default` route sends every request (payload
 * format 2.0) to the api function; the function's router matches paths and answers unknown ones with
 * a 404 problem+json itself. The default stage is throttled and writes JSON access logs.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
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

export interface ApiStackProps extends StackProps {
  readonly config: CareerwireConfig;
  readonly guidesTable: CareerwireTable;
  readonly alarmTopic: sns.ITopic;
}

export class ApiStack extends Stack {
  readonly apiFunction: CareerwireFunction;
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
    this.apiFunction.bindTable(props.guidesTable.table, props.guidesTable.definition, 'read');

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
      'Public read-only API (guides, jobs) and token-link subscription pages; the admin routes are served by the same function, which checks the x-api-key header itself.',
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
  }
}
