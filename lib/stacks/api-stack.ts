/**
 * The HTTP API's stage and routes (the API itself is in the data stack: its id is in emailed links),
 * payload format 2.0, split for least privilege:
 * - `ANY /admin/{proxy+}` -> the admin function, the only one that writes jobs, changes tiers, starts
 *   digest runs or reads the admin API key secret; it checks the `x-api-key` header itself;
 * - `ANY /subscriptions`, `ANY /subscriptions/{proxy+}`, `ANY /subscribe`, `ANY /unsubscribe` (and
 *   the throttled sign-up routes `POST /subscriptions`, `POST /subscribe`) -> the subscriptions
 *   function: it alone writes subscribers and their delivery history (sign-up, preferences, export,
 *   erase) and sends confirmation and welcome emails;
 * - `$default` (everything else) -> the public api function: read-only on guides and jobs, no SES,
 *   so its cold start loads none of the above; its router answers unknown paths with a 404
 *   problem+json itself.
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
import { SUBSCRIPTION_PATHS, SUBSCRIPTION_PATH_PREFIX } from '../../lambdas/app/paths';
import { ALERT_ENV, ENV, SIGN_UP_ENV, SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import { SIGN_UP_FORM_PATH } from '../../lambdas/site/paths';
import { APP_METRICS } from '../metrics';
import type { CareerwireConfig } from '../config';
import { CareerwireFunction } from '../constructs/careerwire-function';
import type { CareerwireTable } from '../constructs/careerwire-table';
import { acknowledge } from '../nag';
import { PATHS } from '../paths';
import type { MailStack } from './mail-stack';
import { notifyWhen } from '../constructs/alarms';

/**
 * One JSON object per request in the access log group ($context variables of HTTP APIs). No path:
 * `PUT /admin/subscribers/{email}/tier` holds an address, and no log line may. The route key names
 * the route (the admin ones are their own routes; public paths are in the api function's logs).
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
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
/**
 * Sign-ups have a route of their own, throttled far below the stage: each costs an email, and the
 * function's per-client and overall limits should see only what gets past this.
 */
export const SIGN_UP_ROUTE_KEY = 'POST /subscriptions';
/** The site's sign-up form posts here (the same use case): the same throttle, on a route of its own. */
export const SITE_SIGN_UP_ROUTE_KEY = `POST ${SIGN_UP_FORM_PATH}`;
export const SIGN_UP_THROTTLE = { rateLimit: 5, burstLimit: 20 } as const;

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
  /** The sign-up limits' counters. */
  readonly rateLimitsTable: CareerwireTable;
  /** Holds the key the admin function expects in `x-api-key`. */
  readonly adminApiKeySecret: secretsmanager.ISecret;
  /** Holds the keys that sign subscription links. */
  readonly tokenKeysSecret: secretsmanager.ISecret;
  /** SES identity and configuration set the subscriptions function sends confirmation and welcome emails with. */
  readonly mail: MailStack;
  /** The API's own base URL, no trailing slash (data stack): the ApiUrl output. */
  readonly apiBaseUrl: string;
  /** The digest planner the admin function starts runs on. */
  readonly planner: lambda.IFunction;
  readonly alarmTopic: sns.ITopic;
}

export class ApiStack extends Stack {
  /** Public routes: guides, jobs and the site (read-only), /openapi.json. */
  readonly apiFunction: CareerwireFunction;
  /** The subscription routes and the sign-up form: the subscriber tables' writer, and SES sender. */
  readonly subscriptionsFunction: CareerwireFunction;
  /** Operator routes under /admin/: jobs, tiers, digest runs; the only reader of the admin API key. */
  readonly adminFunction: CareerwireFunction;
  readonly adminRoute: apigw.HttpRoute;
  readonly httpApi: apigw.IHttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;

    const publicFunction = (id: string, entry: string, serviceName: string, description: string) =>
      new CareerwireFunction(this, id, {
        entry,
        serviceName,
        description: `careerwire ${config.stage}: ${description}`,
        memorySize: 512,
        timeout: Duration.seconds(10),
        logLevel: config.logLevel,
        logRetention: config.logRetention,
        logRemovalPolicy: config.removalPolicy,
      });
    this.apiFunction = publicFunction('Api', PATHS.apiEntry, 'careerwire-api', 'the HTTP API (guides, jobs, the site)');
    // Exactly what the routes issue: a guide or job by key and the listings from their indexes
    // (their writes belong to the admin function). The token keys sign page cursors.
    this.apiFunction
      .bindTable(props.guidesTable.table, props.guidesTable.definition, { table: ['GetItem'], indexes: ['Query'] })
      .bindTable(props.jobsTable.table, props.jobsTable.definition, { table: ['GetItem'], indexes: ['Query'] });
    this.apiFunction.function.addEnvironment(SUBSCRIPTION_ENV.tokenSecretArn, props.tokenKeysSecret.secretArn);
    this.apiFunction.function.addEnvironment(SUBSCRIPTION_ENV.publicBaseUrl, props.publicBaseUrl);
    this.apiFunction.grantSecretValue(props.tokenKeysSecret);

    this.subscriptionsFunction = publicFunction(
      'Subscriptions',
      PATHS.subscriptionsEntry,
      'careerwire-subscriptions',
      'the subscription routes and the sign-up form (token links, SES)',
    );
    // The guide summaries (the form's guide list, the preferences' guide check: the listing index)
    // and the jobs of the private feeds (by key); subscribers
    // read, created, updated and erased one by one; their delivery history queried (export, feeds)
    // and deleted in batches (erase); the suppression list read; the sign-up counters read and taken.
    this.subscriptionsFunction
      .bindTable(props.guidesTable.table, props.guidesTable.definition, { table: [], indexes: ['Query'] })
      .bindTable(props.jobsTable.table, props.jobsTable.definition, { table: ['GetItem'] })
      .bindTable(props.subscribersTable.table, props.subscribersTable.definition, { table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] })
      .bindTable(props.deliveriesTable.table, props.deliveriesTable.definition, { table: ['Query', 'BatchWriteItem'] })
      .bindTable(props.suppressionsTable.table, props.suppressionsTable.definition, { table: ['GetItem'] })
      .bindTable(props.rateLimitsTable.table, props.rateLimitsTable.definition, { table: ['GetItem', 'UpdateItem'] });
    this.subscriptionsFunction.function.addEnvironment(SIGN_UP_ENV.perClientPerHour, String(config.signUps.perClientPerHour));
    this.subscriptionsFunction.function.addEnvironment(SIGN_UP_ENV.confirmationEmailsPerHour, String(config.signUps.confirmationEmailsPerHour));
    this.subscriptionsFunction.function.addEnvironment(SUBSCRIPTION_ENV.tokenSecretArn, props.tokenKeysSecret.secretArn);
    this.subscriptionsFunction.function.addEnvironment(SUBSCRIPTION_ENV.publicBaseUrl, props.publicBaseUrl);
    this.subscriptionsFunction.grantSecretValue(props.tokenKeysSecret);
    props.mail.bindSender(this.subscriptionsFunction);

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
    // Job upserts compare content hashes and write in batches, linking guides by their role titles
    // (the listing index); a tier change reads the subscriber and updates it conditionally (never
    // their delivery history); a run is only read (the planner writes it). No admin route reads the
    // Feeds table (job-sync owns it).
    this.adminFunction
      .bindTable(props.jobsTable.table, props.jobsTable.definition, { table: ['BatchGetItem', 'BatchWriteItem'] })
      .bindTable(props.guidesTable.table, props.guidesTable.definition, { table: [], indexes: ['Query'] })
      .bindTable(props.subscribersTable.table, props.subscribersTable.definition, { table: ['GetItem', 'UpdateItem'] })
      .bindTable(props.runsTable.table, props.runsTable.definition, { table: ['GetItem'] });
    this.adminFunction.grantSecretValue(props.adminApiKeySecret);
    // POST /admin/alerts/run invokes the planner (asynchronously): that function, unqualified, only.
    this.adminFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.planner.functionArn] }),
    );

    this.httpApi = props.httpApi;

    // The CORS preflight (API_CORS, on the API in the data stack) allows neither x-api-key nor write
    // methods: the admin routes are for operators' tools, not for browsers on other origins.
    const apiIntegration = new HttpLambdaIntegration('ApiIntegration', this.apiFunction.function, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    const route = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: apiIntegration,
    });
    acknowledge(
      route,
      'AwsSolutions-APIG4',
      'Public read-only API (guides, jobs) and the site: open by design; the subscription and admin routes are separate routes to separate functions.',
    );
    const subscriptionsIntegration = new HttpLambdaIntegration('SubscriptionsIntegration', this.subscriptionsFunction.function, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    // Every method: the function's router answers 405 (with Allow) or 404 itself, as the api's does.
    const subscriptionRoutePaths = [...SUBSCRIPTION_PATHS, `${SUBSCRIPTION_PATH_PREFIX}{proxy+}`];
    subscriptionRoutePaths.forEach((path, i) => {
      const subscriptionRoute = new apigw.HttpRoute(this, `SubscriptionsRoute${i}`, {
        httpApi: this.httpApi,
        routeKey: apigw.HttpRouteKey.with(path, apigw.HttpMethod.ANY),
        integration: subscriptionsIntegration,
      });
      acknowledge(subscriptionRoute, 'AwsSolutions-APIG4', 'Token-link subscription pages and the sign-up form: open by design, every write is authorised by a signed token or is a double opt-in sign-up.');
    });
    // The same integration; routes of their own only so the stage can throttle them apart (SIGN_UP_THROTTLE).
    const signUpRoute = new apigw.HttpRoute(this, 'SignUpRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.with('/subscriptions', apigw.HttpMethod.POST),
      integration: subscriptionsIntegration,
    });
    acknowledge(signUpRoute, 'AwsSolutions-APIG4', 'Public sign-up (double opt-in): open by design, throttled on its own and limited per client and overall by the function.');
    const siteSignUpRoute = new apigw.HttpRoute(this, 'SiteSignUpRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.with(SIGN_UP_FORM_PATH, apigw.HttpMethod.POST),
      integration: subscriptionsIntegration,
    });
    acknowledge(siteSignUpRoute, 'AwsSolutions-APIG4', 'The site\'s sign-up form (double opt-in): open by design, throttled like POST /subscriptions and limited by the same function code.');

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
    // Route settings exist only on the L1 stage, as raw JSON (CloudFormation's spelling); they name a
    // route, which must exist first.
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = {
      [SIGN_UP_ROUTE_KEY]: { ThrottlingRateLimit: SIGN_UP_THROTTLE.rateLimit, ThrottlingBurstLimit: SIGN_UP_THROTTLE.burstLimit },
      [SITE_SIGN_UP_ROUTE_KEY]: { ThrottlingRateLimit: SIGN_UP_THROTTLE.rateLimit, ThrottlingBurstLimit: SIGN_UP_THROTTLE.burstLimit },
    };
    this.stage.node.addDependency(signUpRoute, siteSignUpRoute);

    // Not stage.url, which ends in "/": `$ApiUrl/health` would be `//health`, a path no route matches.
    new CfnOutput(this, 'ApiUrl', { value: props.apiBaseUrl, description: 'Base URL of the careerwire HTTP API, no trailing slash (curl $ApiUrl/health)' });
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
    notifyWhen(this, 'SubscriptionsFunctionErrorsAlarm', {
      description: 'The subscriptions function threw (unhandled errors, timeouts) at least 5 times in 5 minutes.',
      metric: this.subscriptionsFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      topic,
    });
    notifyWhen(this, 'SignUpCeilingAlarm', {
      description:
        'Sign-ups reached the overall ceiling of confirmation emails this hour (context confirmationEmailsPerHour): every sign-up is a 429 until the hour ends. Someone may be mailing strangers through the form: check the SignUpsLimited metric and the access log (routeKey POST /subscriptions) for the sources.',
      metric: this.subscriptionsFunction.serviceMetric(APP_METRICS.subscriptions.signUpCeilingReached, { period: Duration.minutes(5) }),
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
