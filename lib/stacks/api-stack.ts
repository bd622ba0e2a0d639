/**
 * The HTTP API's stage and routes (the API itself is in the data stack: its id is in emailed links),
 * payload format 2.0, split for least privilege:
 * - `ANY /admin/{proxy+}` -> the admin function, the only one that writes jobs, changes tiers, starts
 *   digest runs or reads the admin API key secret; it checks the `x-api-key` header itself;
 * - `$default` (everything else) -> the public api function: read-only on guides and jobs; it writes
 *   subscribers and their delivery history (sign-up, preferences, export, erase) and sends
 *   confirmation and welcome emails; its router answers unknown paths with a 404 problem+json itself.
 * The default stage is throttled and writes JSON access logs.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ALERT_ENV, ENV, SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import type { CareerwireConfig } from '../config';
import { CareerwireFunction } from '../constructs/careerwire-function';
import type { CareerwireTable } from '../constructs/careerwire-table';
import { acknowledge } from '../nag';
import { PATHS } from '../paths';
import type { MailStack } from './mail-stack';
import { notifyWhen } from '../constructs/alarms';

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
  /** The API (data stack) this stack gives a stage and routes. */
  readonly httpApi: apigw.IHttpApi;
  /** Base URL of links in emails and pages (PUBLIC_BASE_URL). */
  readonly publicBaseUrl: string;
  readonly guidesTable: CareerwireTable;
  readonly jobsTable: CareerwireTable;
  readonly subscribersTable: CareerwireTable;
  readonly suppressionsTable: CareerwireTable;
  readonly deliveriesTable: CareerwireTable;
  readonly runsTable: CareerwireTable;
  /** Holds the key the admin function expects in `x-api-key`. */
  readonly adminApiKeySecret: secretsmanager.ISecret;
  /** Holds the keys that sign subscription links. */
  readonly tokenKeysSecret: secretsmanager.ISecret;
  /** SES identity and configuration set the api function sends confirmation and welcome emails with. */
  readonly mail: MailStack;
  /** The digest planner the admin function starts runs on. */
  readonly planner: lambda.IFunction;
  readonly alarmTopic: sns.ITopic;
}

export class ApiStack extends Stack {
  /** Public routes: guides and jobs (read-only), subscriptions. */
  readonly apiFunction: CareerwireFunction;
  /** Operator routes under /admin/: jobs, tiers, digest runs; the only reader of the admin API key. */
  readonly adminFunction: CareerwireFunction;
  readonly adminRoute: apigw.HttpRoute;
  readonly httpApi: apigw.IHttpApi;
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
    // Guides and jobs are read-only here (their writes belong to the admin function); subscription
    // routes write subscribers and their delivery history (export and erase read and delete it), and
    // read the suppression list that the feedback function writes.
    this.apiFunction
      .bindTable(props.guidesTable.table, props.guidesTable.definition, 'read')
      .bindTable(props.jobsTable.table, props.jobsTable.definition, 'read')
      .bindTable(props.subscribersTable.table, props.subscribersTable.definition, 'readWrite')
      .bindTable(props.deliveriesTable.table, props.deliveriesTable.definition, 'readWrite')
      .bindTable(props.suppressionsTable.table, props.suppressionsTable.definition, 'read');
    this.apiFunction.function.addEnvironment(SUBSCRIPTION_ENV.tokenSecretArn, props.tokenKeysSecret.secretArn);
    this.apiFunction.function.addEnvironment(SUBSCRIPTION_ENV.publicBaseUrl, props.publicBaseUrl);
    props.tokenKeysSecret.grantRead(this.apiFunction.role);
    props.mail.bindSender(this.apiFunction);

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
      environment: {
        [ENV.adminApiKeySecretArn]: props.adminApiKeySecret.secretArn,
        [ALERT_ENV.plannerFunctionName]: props.planner.functionName,
      },
    });
    // Job upserts write jobs and read guides (to link them); tier changes write subscribers (never
    // their delivery history); runs are only read (the planner writes them). No admin route reads
    // the Feeds table (job-sync owns it).
    this.adminFunction
      .bindTable(props.jobsTable.table, props.jobsTable.definition, 'readWrite')
      .bindTable(props.guidesTable.table, props.guidesTable.definition, 'read')
      .bindTable(props.subscribersTable.table, props.subscribersTable.definition, 'readWrite')
      .bindTable(props.runsTable.table, props.runsTable.definition, 'read');
    props.adminApiKeySecret.grantRead(this.adminFunction.role);
    // POST /admin/alerts/run invokes the planner (asynchronously): that function, unqualified, only.
    this.adminFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.planner.functionArn] }),
    );

    this.httpApi = props.httpApi;

    // The CORS preflight (API_CORS, on the API in the data stack) allows neither x-api-key nor write
    // methods: the admin routes are for operators' tools, not for browsers on other origins.
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
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
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
    notifyWhen(this, 'Api5xxAlarm', {
      description: 'The HTTP API answered 5xx to at least 5 requests in 5 minutes.',
      metric: this.stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      topic,
    });
    notifyWhen(this, 'ApiFunctionErrorsAlarm', {
      description: 'The api function threw (unhandled errors, timeouts) at least 5 times in 5 minutes.',
      metric: this.apiFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      topic,
    });
    // Operators call the admin routes rarely and by hand: one failure is worth a look.
    notifyWhen(this, 'AdminFunctionErrorsAlarm', {
      description: 'The admin function threw (unhandled errors, timeouts).',
      metric: this.adminFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      topic,
    });
  }
}
