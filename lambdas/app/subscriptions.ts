/**
 * The subscriptions function: the subscription routes (sign-up, token links, private feeds) and the
 * site's sign-up form. It alone of the HTTP functions writes the subscriber tables and sends through
 * SES: kept apart from the api function so the api's cold start loads none of it (README, "cold
 * load"). Built once per process, at cold start; the token keys are fetched on first use.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoGuideStore } from '../guides/store';
import { DynamoJobStore } from '../jobs/store';
import type { AwsClients } from '../shared/aws';
import { logger, metrics } from '../shared/logging';
import { sesMailer } from '../shared/ses';
import { DynamoSubscriberStore } from '../subscriptions/dynamo-store';
import { LinkBuilder, TokenService } from '../subscriptions/links';
import type { SubscriptionServices } from '../subscriptions/service';
import { DynamoWindowCounters, SignUpLimiter } from '../subscriptions/signup-limits';
import { DynamoSuppressionStore, suppressionGuard } from '../subscriptions/suppressions';
import { tokenKeyProvider } from '../subscriptions/token-keys';
import type { SubscriptionsConfig } from './config';
import type { HttpHandler } from './routes';
import { createSubscriptionsApi } from './subscription-routes';

export function buildSubscriptions(config: SubscriptionsConfig, clients: AwsClients): HttpHandler {
  const doc = clients.dynamo();
  // Guide summaries only (the sign-up form's guide list, the preferences' guide check): one Query of
  // the listing index, no guide read by key, so nothing for a hash-checked cache to keep.
  const guides = new DynamoGuideStore(doc, config.tables.guides);
  const suppressions = new DynamoSuppressionStore(doc, config.tables.suppressions);
  const tokens = new TokenService(tokenKeyProvider(config.tokenKeys, clients));
  const services: SubscriptionServices = {
    store: new DynamoSubscriberStore(doc, config.tables.subscribers, config.tables.deliveries),
    suppressions,
    mailer: suppressionGuard(sesMailer(config.mail, clients), suppressions),
    tokens,
    links: new LinkBuilder(config.publicBaseUrl, tokens),
    guides,
    log: logger,
    now: () => new Date(),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    // Sign-ups a limit turned away (signup-limits.ts); the overall ceiling is alarmed. Flushed with
    // the invocation's other metrics (logMetrics).
    signUpLimits: new SignUpLimiter(new DynamoWindowCounters(doc, config.tables.rateLimits), config.signUpLimits, (limit) => {
      metrics.addMetric(limit === 'ceiling' ? 'SignUpCeilingReached' : 'SignUpsLimited', MetricUnit.Count, 1);
    }),
    // The private feeds' jobs.
    jobs: new DynamoJobStore(doc, config.tables.jobs),
  };
  return createSubscriptionsApi({ services: () => services, guides, log: logger });
}
