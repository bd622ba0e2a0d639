/** Subscription services in memory, for unit tests of the routes and use cases. */
import { randomBytes } from 'node:crypto';
import { createAdminApi } from '../../lambdas/app/admin-routes';
import { servedBySubscriptions } from '../../lambdas/app/paths';
import { createApi, type HttpHandler } from '../../lambdas/app/routes';
import { createSubscriptionsApi } from '../../lambdas/app/subscription-routes';
import { MailError, type Mailer, type MailFailure, type OutgoingEmail } from '../../lambdas/mail/mailer';
import { LinkBuilder, TokenService } from '../../lambdas/subscriptions/links';
import type { SubscriptionServices } from '../../lambdas/subscriptions/service';
import { SignUpLimiter } from '../../lambdas/subscriptions/signup-limits';
import { suppressionGuard } from '../../lambdas/subscriptions/suppressions';
import type { TokenKeys } from '../../lambdas/subscriptions/tokens';
import { sampleGuide } from './guides';
import { MemoryGuideStore } from './memory/guides';
import { MemoryJobStore } from './memory/jobs';
import { MemorySubscriberStore, MemorySuppressionStore, MemoryWindowCounters } from './memory/subscriptions';

/** A Mailer that keeps what it was asked to send; `failNext` makes the next sends fail. */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  failures: MailFailure[] = [];
  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const failure = this.failures.shift();
    if (failure !== undefined) throw new MailError(failure, `simulated ${failure}`);
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
  to(address: string): OutgoingEmail[] {
    return this.sent.filter((e) => e.to.toLowerCase() === address.toLowerCase());
  }
}

export const BASE_URL = 'https://api.careerwire.example';
export const ADMIN_KEY = 'unit-test-admin-key-0123456789';

export async function memorySubscriptions(start = new Date('2026-11-27T12:00:00Z')) {
  const clock = { now: start };
  const keys: TokenKeys = { current: { id: 'k1', key: randomBytes(32) } };
  const tokens = new TokenService(async () => keys);
  const store = new MemorySubscriberStore();
  const suppressions = new MemorySuppressionStore();
  const mailer = new RecordingMailer();
  const guides = new MemoryGuideStore();
  const jobs = new MemoryJobStore();
  await guides.putAll([
    sampleGuide({ slug: 'medical-office-administrator', title: 'Medical Office Administrator' }),
    sampleGuide({ slug: 'data-analyst', title: 'Data Analyst' }),
  ]);
  const lines: { level: string; message: string; extra: unknown[] }[] = [];
  const log = {
    info: (message: string, ...extra: unknown[]) => lines.push({ level: 'info', message, extra }),
    warn: (message: string, ...extra: unknown[]) => lines.push({ level: 'warn', message, extra }),
    error: (message: string, ...extra: unknown[]) => lines.push({ level: 'error', message, extra }),
  };
  // The sign-up answer floor: recorded, not waited for.
  const waits: number[] = [];
  const services: SubscriptionServices = {
    store,
    suppressions,
    mailer: suppressionGuard(mailer, suppressions),
    tokens,
    links: new LinkBuilder(BASE_URL, tokens),
    guides,
    log,
    now: () => clock.now,
    wait: async (ms) => {
      waits.push(ms);
    },
    // Far above what any test signs up: the limits have tests of their own.
    signUpLimits: new SignUpLimiter(new MemoryWindowCounters(), { perClient: 100_000, confirmationEmails: 100_000 }),
    jobs,
  };
  const publicApi = createApi({ guides, jobs, log, now: () => clock.now, withSubscriptions: true });
  const subscriptionsApi = createSubscriptionsApi({ services: () => services, guides, log });
  // The two functions behind one gateway, routed by path as API Gateway routes them.
  const api: HttpHandler = (event) => (servedBySubscriptions(event.rawPath) ? subscriptionsApi : publicApi)(event);
  const admin = createAdminApi({
    jobs: { hashes: async () => new Map(), putAll: async () => undefined },
    linker: async () => () => null,
    apiKey: async () => ADMIN_KEY,
    now: () => clock.now,
    log,
    subscribers: { store, log },
  });
  return { services, store, suppressions, mailer, tokens, keys, clock, api, admin, lines, guides, waits, jobs };
}
