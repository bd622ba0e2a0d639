/**
 * Builds the subscription services of a Lambda from its environment (CDK sets the variables; the
 * local stack sets the same ones). Each reader fails fast with the missing variable's name.
 */
import type { GuideReader } from '../guides/store';
import { SesMailer } from '../mail/ses-mailer';
import { dynamo, tableName } from '../shared/aws';
import { ses } from '../shared/ses';
import { SIGN_UP_ENV, SUBSCRIPTION_ENV, intEnv, requireEnv } from '../shared/env';
import { SIGN_UP_LIMITS } from '../shared/limits';
import { logger } from '../shared/logging';
import { DeliveriesTable, JobsTable, RateLimitsTable, SubscribersTable, SuppressionsTable } from '../shared/tables';
import { DynamoJobStore } from '../jobs/store';
import { DynamoSubscriberStore } from './dynamo-store';
import { LinkBuilder, TokenService, parseBaseUrl } from './links';
import type { SubscriptionServices } from './service';
import { DynamoWindowCounters, SignUpLimiter, type LimitReached } from './signup-limits';
import { DynamoSuppressionStore, suppressionGuard } from './suppressions';
import { tokenKeysFromEnv } from './token-keys';

/** The default sender of the local stack (aws-ses-v2-local accepts any). */
export const LOCAL_SENDER = 'alerts@careerwire.local';

/** `withDeliveries: false` for functions that never export or erase (admin, feedback): one binding fewer. */
export function subscriberStoreFromEnv({ withDeliveries = true } = {}): DynamoSubscriberStore {
  return new DynamoSubscriberStore(dynamo(), tableName(SubscribersTable), withDeliveries ? tableName(DeliveriesTable) : undefined);
}

export function suppressionStoreFromEnv(): DynamoSuppressionStore {
  return new DynamoSuppressionStore(dynamo(), tableName(SuppressionsTable));
}

/** SENDER_EMAIL and SES_CONFIGURATION_SET (optional) → a SesMailer over a traced SES v2 client. */
export function sesMailerFromEnv(env: NodeJS.ProcessEnv = process.env): SesMailer {
  const configurationSet = env[SUBSCRIPTION_ENV.sesConfigurationSet];
  return new SesMailer({
    from: requireEnv(SUBSCRIPTION_ENV.senderEmail, env),
    ...(configurationSet !== undefined && configurationSet !== '' ? { configurationSet } : {}),
    client: ses(),
  });
}

/** RATE_LIMITS_TABLE and the limits (SIGN_UP_ENV, defaults SIGN_UP_LIMITS) → the sign-up limiter. */
export function signUpLimiterFromEnv(onLimited: (limit: LimitReached) => void, env: NodeJS.ProcessEnv = process.env): SignUpLimiter {
  return new SignUpLimiter(
    new DynamoWindowCounters(dynamo(), tableName(RateLimitsTable)),
    {
      perClient: intEnv(SIGN_UP_ENV.perClientPerHour, SIGN_UP_LIMITS.perClientPerWindow, env),
      confirmationEmails: intEnv(SIGN_UP_ENV.confirmationEmailsPerHour, SIGN_UP_LIMITS.confirmationEmailsPerWindow, env),
    },
    onLimited,
  );
}

export function subscriptionServicesFromEnv(
  guides: Pick<GuideReader, 'listSummaries'>,
  onSignUpLimited: (limit: LimitReached) => void,
  env: NodeJS.ProcessEnv = process.env,
): SubscriptionServices {
  const store = subscriberStoreFromEnv();
  const suppressions = suppressionStoreFromEnv();
  const tokens = new TokenService(tokenKeysFromEnv(env));
  return {
    store,
    suppressions,
    mailer: suppressionGuard(sesMailerFromEnv(env), suppressions),
    tokens,
    links: new LinkBuilder(parseBaseUrl(requireEnv(SUBSCRIPTION_ENV.publicBaseUrl, env)), tokens),
    guides,
    log: logger,
    now: () => new Date(),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    signUpLimits: signUpLimiterFromEnv(onSignUpLimited, env),
    jobs: new DynamoJobStore(dynamo(), tableName(JobsTable)),
  };
}
