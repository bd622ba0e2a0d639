/**
 * The api function: the public API (guides and jobs, read-only) and the subscription routes (sign-up,
 * token links), which write the subscriber tables and send through SES. Built once per process, at
 * cold start; the token keys are still fetched on first use, so guide and job requests never wait for
 * Secrets Manager (nor load its client).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { HashCheckedGuideReader } from '../guides/cache';
import { DynamoGuideStore, type GuideReader } from '../guides/store';
import { MarkerCheckedJobReader } from '../jobs/cache';
import { DynamoJobStore } from '../jobs/store';
import type { AwsClients } from '../shared/aws';
import { logger, metrics } from '../shared/logging';
import { sesMailer } from '../shared/ses';
import { DynamoSubscriberStore } from '../subscriptions/dynamo-store';
import { LinkBuilder, TokenService } from '../subscriptions/links';
import type { SubscriptionServices } from '../subscriptions/service';
import { DynamoWindowCounters, SignUpLimiter, type LimitReached } from '../subscriptions/signup-limits';
import { DynamoSuppressionStore, suppressionGuard } from '../subscriptions/suppressions';
import { tokenKeyProvider, type TokenKeyProvider } from '../subscriptions/token-keys';
import type { ApiConfig } from './config';
import { createApi, type HttpHandler } from './routes';

function subscriptionServices(
  config: ApiConfig,
  clients: AwsClients,
  guides: Pick<GuideReader, 'listSummaries'>,
  tokenKeys: TokenKeyProvider,
  onSignUpLimited: (limit: LimitReached) => void,
): SubscriptionServices {
  const doc = clients.dynamo();
  const suppressions = new DynamoSuppressionStore(doc, config.tables.suppressions);
  const tokens = new TokenService(tokenKeys);
  return {
    store: new DynamoSubscriberStore(doc, config.tables.subscribers, config.tables.deliveries),
    suppressions,
    mailer: suppressionGuard(sesMailer(config.mail, clients), suppressions),
    tokens,
    links: new LinkBuilder(config.publicBaseUrl, tokens),
    guides,
    log: logger,
    now: () => new Date(),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    signUpLimits: new SignUpLimiter(
      new DynamoWindowCounters(doc, config.tables.rateLimits),
      config.signUpLimits,
      onSignUpLimited,
    ),
    jobs: new DynamoJobStore(doc, config.tables.jobs),
  };
}

export function buildApi(config: ApiConfig, clients: AwsClients): HttpHandler {
  const doc = clients.dynamo();
  // A guide read once is kept and re-checked by its content hash only (see HashCheckedGuideReader).
  const guides = new HashCheckedGuideReader(new DynamoGuideStore(doc, config.tables.guides));
  // Page cursors are signed with the token keys: shared by every instance, rotated with them.
  const tokenKeys = tokenKeyProvider(config.tokenKeys, clients);
  // Sign-ups a limit turned away (signup-limits.ts); the overall ceiling is alarmed. Flushed with
  // the invocation's other metrics (logMetrics).
  const subscriptions = subscriptionServices(config, clients, guides, tokenKeys, (limit) => {
    metrics.addMetric(limit === 'ceiling' ? 'SignUpCeilingReached' : 'SignUpsLimited', MetricUnit.Count, 1);
  });
  return createApi({
    guides,
    // Job lists come from memory while the jobs' version marker is unchanged (see MarkerCheckedJobReader).
    jobs: new MarkerCheckedJobReader(new DynamoJobStore(doc, config.tables.jobs)),
    subscriptions: () => subscriptions,
    cursorKeys: async () => {
      const { current, previous } = await tokenKeys();
      return previous === undefined ? [current.key] : [current.key, previous.key];
    },
    siteUrl: subscriptions.links.baseUrl,
    log: logger,
  });
}
