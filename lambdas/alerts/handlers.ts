/**
 * The Lambda-shaped handlers of alerts, over the pure planner and sender, and their dependencies read
 * from the environment once. The entries in lambdas/functions/ and the local stack both use these.
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoGuideStore } from '../guides/store';
import { DynamoJobStore } from '../jobs/store';
import { SesMailer } from '../mail/ses-mailer';
import { dynamo, tableName } from '../shared/aws';
import { ses } from '../shared/ses';
import { ALERT_ENV, SUBSCRIPTION_ENV, requireEnv } from '../shared/env';
import { ALERT_LIMITS } from '../shared/limits';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../shared/observability';
import { DeliveriesTable, GuidesTable, JobsTable, RunsTable, SubscribersTable, SuppressionsTable } from '../shared/tables';
import { emailHash } from '../subscriptions/address';
import { LinkBuilder, TokenService, parseBaseUrl } from '../subscriptions/links';
import { DynamoSuppressionStore } from '../subscriptions/suppressions';
import { tokenKeysFromEnv } from '../subscriptions/token-keys';
import { TIERS, type Tier } from '../subscriptions/subscriber';
import { DynamoAudienceStore } from './audience';
import { DynamoLedger } from './ledger';
import { continueRun, startRun, type PlannerDependencies, type PlannerState } from './planner';
import { parseDigestMessage } from './queue';
import { RateLimiter, TierLimiters, parseSendRates } from './rate-limiter';
import { renderDigest } from './render';
import { DynamoRunStore, type RunRecord } from './runs';
import { Sender, type SenderDependencies } from './sender';

/** What starts a planner: a schedule ({ tier }), the admin API ({ tier, dryRun, runId }), or itself ({ continue }). */
export type PlannerEvent = { tier: Tier; dryRun?: boolean; runId?: string; now?: string } | { continue: PlannerState };

export interface AlertConfig {
  timezone: string;
  sendEmpty: Partial<Record<Tier, boolean>>;
  baseUrl: string;
  upgradeUrl: string;
}

export function alertConfig(env: NodeJS.ProcessEnv = process.env): AlertConfig {
  const timezone = env[ALERT_ENV.digestTimezone] || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new Error(`${ALERT_ENV.digestTimezone} is not an IANA time zone: "${timezone}"`);
  }
  const sendEmpty: Partial<Record<Tier, boolean>> = {};
  for (const t of (env[ALERT_ENV.sendEmptyTiers] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!TIERS.includes(t as Tier)) throw new Error(`${ALERT_ENV.sendEmptyTiers}: unknown tier "${t}"`);
    sendEmpty[t as Tier] = true;
  }
  const baseUrl = parseBaseUrl(requireEnv(SUBSCRIPTION_ENV.publicBaseUrl, env));
  return { timezone, sendEmpty, baseUrl, upgradeUrl: env[ALERT_ENV.upgradeUrl] || `${baseUrl}/plus` };
}

export function plannerHandler(deps: Omit<PlannerDependencies, 'remainingMs'>) {
  return async (event: PlannerEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<RunRecord | { continued: string }> => {
    const withTime = { ...deps, ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}) };
    if ('continue' in event) {
      await continueRun(event.continue, withTime);
      return { continued: event.continue.runId };
    }
    if (!TIERS.includes(event.tier)) throw new Error(`unknown tier "${String(event.tier)}"`);
    return startRun(
      {
        tier: event.tier,
        now: event.now !== undefined ? new Date(event.now) : new Date(),
        ...(event.dryRun !== undefined ? { dryRun: event.dryRun } : {}),
        ...(event.runId !== undefined ? { runId: event.runId } : {}),
      },
      withTime,
    );
  };
}

/**
 * What the sender handler may do to a message besides failing it: SQS calls in AWS, the in-process
 * queue locally.
 */
export interface MessageControl {
  /** Keeps the message out of sight `seconds` from now; reported as a batch item failure, it then comes back. */
  delay(record: SQSRecord, seconds: number): Promise<void>;
  /** Puts a fresh copy on the record's queue, visible after `seconds` (at most 900); its receive count starts again. */
  requeue(record: SQSRecord, seconds: number): Promise<void>;
}

/** SQS's MessageControl: ChangeMessageVisibility, and SendMessage with DelaySeconds, on the record's own queue. */
export class SqsMessageControl implements MessageControl {
  constructor(private readonly sqs: SQSClient) {}

  async delay(record: SQSRecord, seconds: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: queueUrlOf(record.eventSourceARN), ReceiptHandle: record.receiptHandle, VisibilityTimeout: Math.min(seconds, 43_200) }),
    );
  }

  async requeue(record: SQSRecord, seconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrlOf(record.eventSourceARN), MessageBody: record.body, DelaySeconds: Math.min(seconds, ALERT_LIMITS.requeueMaxDelaySeconds) }),
    );
  }
}

/** arn:aws:sqs:<region>:<account>:<name> → the queue's URL, without a GetQueueUrl call (or its grant). */
export function queueUrlOf(arn: string): string {
  const [, partition, service, region, account, name] = arn.split(':');
  if (service !== 'sqs' || !region || !account || !name) throw new Error(`not an SQS queue ARN: ${arn}`);
  return `https://sqs.${region}.amazonaws.${partition === 'aws-cn' ? 'com.cn' : 'com'}/${account}/${name}`;
}

/**
 * SQS → sender, with partial batch responses: only the messages that need another try come back. A
 * message SES made wait comes back after its deferral (ChangeMessageVisibility); on its last receive
 * but one it is put back as a fresh copy instead, so waiting on SES never dead-letters it.
 */
export function senderHandler(sender: Sender, control: MessageControl) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    const fail = (record: SQSRecord) => batchItemFailures.push({ itemIdentifier: record.messageId });
    for (const record of event.Records) {
      let message;
      try {
        message = parseDigestMessage(record.body);
      } catch {
        // Not a message the planner wrote: it fails every receive and lands in the DLQ, whose alarm
        // tells an operator. Nothing is dropped silently.
        logger.error('malformed digest message', { messageId: record.messageId });
        fail(record);
        continue;
      }
      try {
        const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
        const { retry, defer, outcomes, throttled } = await sender.process(message, receives);
        for (const [outcome, n] of Object.entries(outcomes)) {
          const kind = outcome === 'sent' ? 'DigestsSent' : outcome.startsWith('failed') ? 'DigestsFailed' : 'DigestsSkipped';
          metrics.addMetric(kind, MetricUnit.Count, n ?? 0);
        }
        metrics.addMetric(message.tier === 'plus' ? 'PlusDigestsSent' : 'FreeDigestsSent', MetricUnit.Count, outcomes.sent ?? 0);
        metrics.addMetric('SesThrottled', MetricUnit.Count, throttled);
        if (defer !== undefined) {
          metrics.addMetric(defer.reason === 'throttled' ? 'DigestsDeferredThrottled' : defer.reason === 'paused' ? 'DigestsDeferredPaused' : 'DigestsDeferredConfiguration', MetricUnit.Count, 1);
          logger.warn('digest message deferred', { messageId: record.messageId, reason: defer.reason, seconds: defer.seconds, receives });
          if (await deferred(control, record, receives, defer.seconds)) continue;
          fail(record);
        } else if (retry) fail(record);
      } catch (error) {
        logger.error('digest message failed', { messageId: record.messageId, error: String(error) });
        fail(record);
      }
    }
    metrics.addMetric('DigestMessagesRetried', MetricUnit.Count, batchItemFailures.length);
    metrics.publishStoredMetrics();
    return { batchItemFailures };
  };
}

/**
 * Puts a deferred message back: true when a fresh copy replaced it (report it done), false when it
 * should be reported failed (its visibility is set, or if that failed, the queue's own timeout holds).
 */
async function deferred(control: MessageControl, record: SQSRecord, receives: number, seconds: number): Promise<boolean> {
  try {
    if (receives >= ALERT_LIMITS.maxReceives - 1) {
      await control.requeue(record, seconds);
      return true;
    }
    await control.delay(record, seconds);
  } catch (error) {
    logger.error('digest message could not be deferred', { messageId: record.messageId, error: String(error) });
  }
  return false;
}

/** The DynamoDB-backed stores every alert function uses. */
export function alertStores() {
  const doc = dynamo();
  return {
    audience: new DynamoAudienceStore(doc, tableName(SubscribersTable)),
    jobs: new DynamoJobStore(doc, tableName(JobsTable)),
    runs: new DynamoRunStore(doc, tableName(RunsTable)),
  };
}

/** Each tier's share of the SES rate for one sender instance (SEND_RATE_PER_SECOND; default 14/s). */
export function senderLimiters(env: NodeJS.ProcessEnv = process.env): TierLimiters {
  const rates = parseSendRates(env[ALERT_ENV.sendRatePerSecond] || '14');
  return new TierLimiters({ plus: new RateLimiter(rates.plus), free: new RateLimiter(rates.free) });
}

export function senderFromEnv(env: NodeJS.ProcessEnv = process.env): Sender {
  const config = alertConfig(env);
  const doc = dynamo();
  const links = new LinkBuilder(config.baseUrl, new TokenService(tokenKeysFromEnv(env)));
  const suppressions = new DynamoSuppressionStore(doc, tableName(SuppressionsTable));
  const deps: SenderDependencies = {
    ...alertStores(),
    ledger: new DynamoLedger(doc, tableName(DeliveriesTable)),
    guides: new DynamoGuideStore(doc, tableName(GuidesTable)),
    mailer: new SesMailer({
      from: env[SUBSCRIPTION_ENV.senderEmail] || 'alerts@careerwire.local',
      configurationSet: env[SUBSCRIPTION_ENV.sesConfigurationSet] || undefined,
      client: ses(),
    }),
    limiter: senderLimiters(env),
    render: renderDigest,
    links: (s) => links.subscriberLinks(s, new Date()),
    guideUrl: (slug) => `${config.baseUrl}/guides/${slug}`,
    upgradeUrl: config.upgradeUrl,
    timezone: config.timezone,
    isSuppressed: async (email) => (await suppressions.get(emailHash(email))) !== null,
    sendEmpty: config.sendEmpty,
    log: logger,
  };
  return new Sender(deps);
}
