/**
 * The subscription use cases, over ports (stores, mailer, tokens, guides, clock, log): what the HTTP
 * routes, the admin route and the tests call. No HTTP here: a use case that cannot do what was asked
 * throws a SubscriptionError naming why, and the routes choose the answer.
 *
 * Logging: never an address, a token or the subscriber id (a hash anyone holding the address could
 * recompute); SES message ids tie a send to SES's own events.
 */
import { timingSafeEqual } from 'node:crypto';
import type { GuideReader } from '../guides/store';
import type { Job } from '../jobs/job';
import type { JobReader } from '../jobs/store';
import { feedJobIds } from './feed';
import { MailError, type Mailer } from '../mail/mailer';
import { InvalidEmailError, normaliseEmail } from '../shared/email';
import { emailHash, subscriberId } from './address';
import { confirmationEmail, welcomeEmail } from './emails';
import { linkSubject, type LinkBuilder, type TokenService } from './links';
import { cleanPreferences, type PreferencesInput } from './preferences';
import type { SignUpLimiter } from './signup-limits';
import type { StoredSubscriber, SubscriberStore } from './store';
import type { Preferences, Tier } from './subscriber';
import type { SuppressionRecord, SuppressionStore } from './suppressions';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { TokenError, type TokenPurpose, type VerifiedToken } from './tokens';

/** One invalid value: a JSON pointer to it (or a parameter name) and what is wrong with it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Why a use case refused: what the routes turn into answers (routes.ts, problemOf). */
export type SubscriptionFailure =
  /** The address, or the preferences, break the rules: each issue names its field. */
  | { kind: 'invalid'; subject: 'email' | 'preferences'; issues: FieldIssue[] }
  /** The link's token is tampered with, expired, outdated or for another purpose. */
  | { kind: 'link-refused'; reason: TokenError['reason']; purpose: TokenPurpose }
  /** The link's subscriber is gone, or has another link secret (erased, maybe signed up again since). */
  | { kind: 'link-revoked' }
  /** A confirmation link sent before the subscriber unsubscribed. */
  | { kind: 'stale-confirmation' }
  /** No subscriber has this address (the admin tier route). */
  | { kind: 'unknown-subscriber' }
  /** A sign-up limit is reached (signup-limits.ts), until the end of its window. */
  | { kind: 'too-many-sign-ups'; retryAfterSeconds: number };

export class SubscriptionError extends Error {
  override readonly name = 'SubscriptionError';

  constructor(readonly failure: SubscriptionFailure) {
    super(`subscription use case refused: ${failure.kind}`);
  }
}

export interface SubscriptionLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface SubscriptionServices {
  store: SubscriberStore;
  suppressions: SuppressionStore;
  /** Wrapped in suppressionGuard: nothing reaches a suppressed address. */
  mailer: Mailer;
  tokens: TokenService;
  links: LinkBuilder;
  guides: Pick<GuideReader, 'listSummaries'>;
  log: SubscriptionLog;
  now: () => Date;
  /** Resolves after `ms` milliseconds (the sign-up answer floor); tests record instead of waiting. */
  wait: (ms: number) => Promise<void>;
  /** Per-client and overall limits on sign-ups that cost an email (signup-limits.ts). */
  signUpLimits: SignUpLimiter;
  /** The jobs of the private feed (the jobs table, read by id). */
  jobs: Pick<JobReader, 'get'>;
}

/** The one answer to every accepted sign-up, whoever the address belongs to. */
export const SIGN_UP_ACCEPTED = {
  status: 'accepted',
  detail:
    'If this address can receive job alerts, a confirmation link is on its way. ' +
    'Follow it within 7 days to start getting alerts.',
} as const;

export type SignUpBody = { email: string } & PreferencesInput;

async function knownGuides(svc: SubscriptionServices): Promise<Set<string>> {
  return new Set((await svc.guides.listSummaries()).map((g) => g.slug));
}

/** Validated, canonical preferences; invalid ones are refused with every issue listed. */
export async function validPreferences(svc: SubscriptionServices, input: PreferencesInput): Promise<Preferences> {
  const { value, errors } = cleanPreferences(input, await knownGuides(svc));
  if (errors.length > 0) throw new SubscriptionError({ kind: 'invalid', subject: 'preferences', issues: errors });
  return value;
}

const invalidEmail = (field: string, error: InvalidEmailError) =>
  new SubscriptionError({ kind: 'invalid', subject: 'email', issues: [{ field, message: error.message }] });

/**
 * POST /subscriptions. Always ends in SIGN_UP_ACCEPTED (or refuses a malformed request): the
 * caller never learns whether the address was new, pending, confirmed, unsubscribed or suppressed,
 * neither from the answer nor from its timing (SUBSCRIPTION_LIMITS.signUpAnswerMs).
 */
export async function signUp(svc: SubscriptionServices, body: SignUpBody, sourceIp: string): Promise<void> {
  const started = performance.now();
  await acceptSignUp(svc, body, sourceIp);
  const remaining = SUBSCRIPTION_LIMITS.signUpAnswerMs - (performance.now() - started);
  if (remaining > 0) await svc.wait(remaining);
}

async function acceptSignUp(svc: SubscriptionServices, body: SignUpBody, sourceIp: string): Promise<void> {
  let email;
  try {
    email = normaliseEmail(body.email);
  } catch (error) {
    if (error instanceof InvalidEmailError) throw invalidEmail('/email', error);
    throw error;
  }
  const preferences = await validPreferences(svc, body);
  const id = subscriberId(email);
  const now = svc.now();
  await svc.signUpLimits.check(sourceIp, now);
  if ((await svc.suppressions.get(emailHash(email))) !== null) {
    svc.log.info('sign-up for a suppressed address: nothing sent');
    return;
  }
  const outcome = await svc.store.register({ id, email: email.address, preferences }, now);
  if (outcome !== 'created' && outcome !== 'refreshed') {
    svc.log.info('sign-up needs no confirmation', { outcome });
    return;
  }
  // The sign-up's preferences wait in the slot: only this email's link applies them.
  const reserved = await svc.store.reserveConfirmationEmail(id, preferences, now);
  if (reserved === null) {
    svc.log.info('confirmation email limit reached');
    return;
  }
  const { slot, linkSecret } = reserved;
  try {
    await svc.signUpLimits.take(sourceIp, now);
  } catch (error) {
    await svc.store.releaseConfirmationEmail(id, slot, now);
    throw error;
  }
  try {
    const link = await svc.links.link('confirm', { subscriberId: id, linkSecret, slot }, now);
    const { messageId } = await svc.mailer.send(confirmationEmail(email.address, link));
    svc.log.info('confirmation email sent', { outcome, messageId });
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    // The caller still gets the same 202; the slot is given back so a retry can send.
    await svc.store.releaseConfirmationEmail(id, slot, now);
    svc.log.warn('confirmation email not sent', { kind: error.kind, error: error.message });
  }
}

const gone = () => new SubscriptionError({ kind: 'link-revoked' });

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Authorised {
  token: VerifiedToken;
  subscriber: StoredSubscriber;
}

/**
 * Verifies a link's token for one purpose and finds its subscriber: a tampered, expired, outdated or
 * wrong-purpose one is refused (link-refused), one whose subscriber is gone or has another link
 * secret (erased, maybe signed up again since) is revoked (link-revoked); neither changes anything.
 */
export async function authorise(svc: SubscriptionServices, token: string, purpose: TokenPurpose): Promise<Authorised> {
  let verified: VerifiedToken;
  try {
    verified = await svc.tokens.verify(token, purpose, svc.now());
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    svc.log.info('link refused', { purpose, reason: error.reason });
    throw new SubscriptionError({ kind: 'link-refused', reason: error.reason, purpose });
  }
  const subscriber = await svc.store.get(verified.subscriberId, svc.now());
  if (subscriber === null || !sameSecret(subscriber.linkSecret ?? '', verified.linkSecret)) {
    svc.log.info('link refused', { purpose, reason: subscriber === null ? 'no-subscriber' : 'revoked' });
    throw gone();
  }
  return { token: verified, subscriber };
}

export interface Confirmed {
  subscriber: StoredSubscriber;
  /** false: it was already confirmed (confirming twice is harmless). */
  changed: boolean;
  manageToken: string;
  unsubscribeToken: string;
  manageUrl: string;
  unsubscribeUrl: string;
}

/** GET /subscriptions/confirm. Idempotent; the first confirmation sends the welcome email. */
export async function confirm(svc: SubscriptionServices, token: string): Promise<Confirmed> {
  const { token: verified, subscriber: before } = await authorise(svc, token, 'confirm');
  const id = before.id;
  const now = svc.now();
  // A confirmation link sent before the subscriber unsubscribed does not subscribe them again. Tokens
  // carry whole seconds: one issued in the second of the unsubscribe counts as after it.
  const issuedAt = verified.issuedAt?.getTime() ?? 0;
  if (before.status === 'unsubscribed' && before.unsubscribedAt !== null && Math.floor(Date.parse(before.unsubscribedAt) / 1000) > issuedAt / 1000) {
    throw new SubscriptionError({ kind: 'stale-confirmation' });
  }
  const result = await svc.store.confirm(id, now, {
    linkSecret: verified.linkSecret,
    ...(verified.slot !== undefined ? { sent: { slot: verified.slot, at: Math.floor(issuedAt / 1000) } } : {}),
  });
  if (result === null) throw gone();
  const subject = linkSubject(result.subscriber);
  const [manageToken, unsubscribeToken] = await Promise.all([svc.tokens.sign('manage', subject, now), svc.tokens.sign('unsubscribe', subject, now)]);
  const links = { manageUrl: svc.links.url('manage', manageToken), unsubscribeUrl: svc.links.url('unsubscribe', unsubscribeToken) };
  if (result.changed) {
    svc.log.info('subscriber confirmed', { tier: result.subscriber.tier });
    if (result.subscriber.suppressed === null) {
      try {
        const { messageId } = await svc.mailer.send(welcomeEmail(result.subscriber.email, result.subscriber.tier, { ...links, siteUrl: svc.links.baseUrl }));
        svc.log.info('welcome email sent', { messageId });
      } catch (error) {
        if (!(error instanceof MailError)) throw error;
        // The confirmation stands; the welcome is a courtesy (its links are also on the page).
        svc.log.warn('welcome email not sent', { kind: error.kind, error: error.message });
      }
    }
  }
  return { subscriber: result.subscriber, changed: result.changed, manageToken, unsubscribeToken, ...links };
}

export interface ManageView {
  subscriber: StoredSubscriber;
  /** The manage token itself (the page's form posts back to it). */
  manageToken: string;
  links: { manage: string; export: string; erase: string; unsubscribe: string; feed: string; jsonFeed: string };
  tokens: { export: string; erase: string; unsubscribe: string; feed: string };
  guides: { slug: string; title: string }[];
}

async function manageView(svc: SubscriptionServices, subscriber: StoredSubscriber, manageToken: string): Promise<ManageView> {
  const now = svc.now();
  const subject = linkSubject(subscriber);
  const [exportToken, eraseToken, unsubscribeToken, feedToken, guides] = await Promise.all([
    svc.tokens.sign('export', subject, now),
    svc.tokens.sign('erase', subject, now),
    svc.tokens.sign('unsubscribe', subject, now),
    svc.tokens.sign('feed', subject, now),
    svc.guides.listSummaries(),
  ]);
  return {
    subscriber,
    manageToken,
    tokens: { export: exportToken, erase: eraseToken, unsubscribe: unsubscribeToken, feed: feedToken },
    links: {
      manage: svc.links.url('manage', manageToken),
      export: svc.links.url('export', exportToken),
      erase: svc.links.url('erase', eraseToken),
      unsubscribe: svc.links.url('unsubscribe', unsubscribeToken),
      feed: svc.links.url('feed', feedToken),
      jsonFeed: svc.links.jsonFeedUrl(feedToken),
    },
    guides: guides.map((g) => ({ slug: g.slug, title: g.title })),
  };
}

/** GET /subscriptions/manage. */
export async function showManage(svc: SubscriptionServices, token: string): Promise<ManageView> {
  const { subscriber } = await authorise(svc, token, 'manage');
  return manageView(svc, subscriber, token);
}

/**
 * POST /subscriptions/manage. `replace`: every field replaces (a form: an unticked box is an empty
 * list); otherwise only the fields given change (JSON).
 */
export async function updateManage(
  svc: SubscriptionServices,
  token: string,
  input: PreferencesInput,
  replace: boolean,
): Promise<ManageView> {
  const { token: verified, subscriber: current } = await authorise(svc, token, 'manage');
  const merged = replace ? input : { ...current.preferences, ...input };
  const preferences = await validPreferences(svc, merged);
  const updated = await svc.store.updatePreferences(current.id, preferences, svc.now(), { linkSecret: verified.linkSecret });
  if (updated === null) throw gone();
  svc.log.info('preferences updated');
  return manageView(svc, updated, token);
}

export interface ExportDocument {
  exportedAt: string;
  subscriber: Record<string, unknown> | null;
  deliveries: Record<string, unknown>[];
  suppression: SuppressionRecord | null;
}

/** GET /subscriptions/export: everything stored about the subscriber. */
export async function exportData(svc: SubscriptionServices, token: string): Promise<ExportDocument> {
  const { subscriber: current } = await authorise(svc, token, 'export');
  const now = svc.now();
  const data = await svc.store.exportData(current.id, now);
  if (data.subscriber === null) throw gone();
  // The link secret is a part of the links' credentials, not data about the subscriber.
  const { linkSecret: _secret, ...subscriber } = data.subscriber;
  const suppression = await svc.suppressions.get(emailHash(current.email));
  svc.log.info('data exported', { deliveries: data.deliveries.length });
  return { exportedAt: now.toISOString(), subscriber, deliveries: data.deliveries, suppression };
}

/**
 * GET /subscriptions/feed.rss and feed.json: the jobs of the subscriber's latest digests that are still
 * current (expired ones drop out), newest digest first. Read-only; any status may read it until erased.
 */
export async function feedJobs(svc: SubscriptionServices, token: string): Promise<Job[]> {
  const { subscriber } = await authorise(svc, token, 'feed');
  const now = svc.now();
  const { deliveries } = await svc.store.exportData(subscriber.id, now);
  const jobs = await Promise.all(feedJobIds(deliveries).map((id) => svc.jobs.get(id, now)));
  return jobs.filter((j): j is Job => j !== null);
}

/** DELETE /subscriptions and the erase form: the subscriber and their whole delivery history. */
export async function erase(svc: SubscriptionServices, token: string): Promise<void> {
  const { token: verified, subscriber } = await authorise(svc, token, 'erase');
  const result = await svc.store.erase(subscriber.id, { linkSecret: verified.linkSecret });
  if (!result.subscriber) throw gone();
  svc.log.info('subscriber erased', { deliveries: result.deliveries });
}

/** Verifies an unsubscribe link without acting on it (the GET page). */
export async function checkUnsubscribe(svc: SubscriptionServices, token: string): Promise<void> {
  await authorise(svc, token, 'unsubscribe');
}

/** POST /unsubscribe (RFC 8058 one-click): effective at once and idempotent; an erased subscriber's link is revoked. */
export async function unsubscribe(svc: SubscriptionServices, token: string): Promise<void> {
  const { token: verified, subscriber } = await authorise(svc, token, 'unsubscribe');
  const result = await svc.store.unsubscribe(subscriber.id, svc.now(), { linkSecret: verified.linkSecret });
  if (result === null) throw gone();
  svc.log.info('unsubscribed');
}

/** PUT /admin/subscribers/{email}/tier. */
export async function setTier(
  deps: { store: SubscriberStore; log: SubscriptionLog; now: () => Date },
  rawEmail: string,
  tier: Tier,
): Promise<{ id: string; tier: Tier; previousTier: Tier; status: StoredSubscriber['status']; receivesAlerts: boolean }> {
  let id: string;
  try {
    id = subscriberId(rawEmail);
  } catch (error) {
    if (error instanceof InvalidEmailError) throw invalidEmail('email', error);
    throw error;
  }
  const result = await deps.store.setTier(id, tier, deps.now());
  if (result === null) throw new SubscriptionError({ kind: 'unknown-subscriber' });
  const s = result.subscriber;
  deps.log.info('tier set', { tier, previousTier: result.previousTier });
  return { id, tier: s.tier, previousTier: result.previousTier, status: s.status, receivesAlerts: s.status === 'confirmed' && s.suppressed === null };
}
