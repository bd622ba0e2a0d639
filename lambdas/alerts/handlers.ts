/**
 * The Lambda-shaped handlers of alerts, over the pure planner and sender, and their dependencies read
 * from the environment once. The entries in lambdas/functions/ and the local stack both use these.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoGuideStore } from '../guides/store';
import { DynamoJobStore } from '../jobs/store';
import { SesMailer } from '../mail/ses-mailer';
import { dynamo, ses, tableName } from '../shared/aws';
import { ALERT_ENV, SUBSCRIPTION_ENV, intEnv, requireEnv } from '../shared/env';
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
import { RateLimiter } from './rate-limiter';
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

/** SQS → sender, with partial batch responses: only the messages that need another try come back. */
export function senderHandler(sender: Sender) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let message;
      try {
        message = parseDigestMessage(record.body);
      } catch {
        // Not a message the planner wrote: it fails every receive and lands in the DLQ, whose alarm
        // tells an operator. Nothing is dropped silently.
        logger.error('malformed digest message', { messageId: record.messageId });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        const { retry, outcomes } = await sender.process(message);
        if (retry) batchItemFailures.push({ itemIdentifier: record.messageId });
        for (const [outcome, n] of Object.entries(outcomes)) {
          const kind = outcome === 'sent' ? 'DigestsSent' : outcome.startsWith('failed') ? 'DigestsFailed' : 'DigestsSkipped';
          metrics.addMetric(kind, MetricUnit.Count, n ?? 0);
        }
      } catch (error) {
        logger.error('digest message failed', { messageId: record.messageId, error: String(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    metrics.addMetric('DigestMessagesRetried', MetricUnit.Count, batchItemFailures.length);
    metrics.publishStoredMetrics();
    return { batchItemFailures };
  };
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
    limiter: new RateLimiter(intEnv(ALERT_ENV.sendRatePerSecond, 14, env)),
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
