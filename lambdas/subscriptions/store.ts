/**
 * Where subscribers live, behind one interface: DynamoSubscriberStore (DynamoDB and dynalite) and
 * the in-memory store of the unit tests (test/support/memory) keep the same item layout and the same rules:
 * - every write is one conditional write on the subscriber item (no transactions: dynalite has none);
 * - alertShard is set exactly while the subscriber is confirmed and not suppressed, and names their tier
 *   and time zone (see tiers.ts);
 * - a pending item is gone once expiresAt has passed, whether or not DynamoDB's TTL deleted it yet;
 * - the confirmation-email limit is 3 sends in any rolling 24 hours, taken atomically: one of three
 *   send slots (confirmSend0..2, epoch seconds) is claimed by a conditional UpdateItem that succeeds
 *   only if that slot is empty or older than 24 hours, so 20 parallel sign-ups get at most 3 slots;
 * - a sign-up for an address already stored never changes its preferences: the sign-up's preferences
 *   wait beside the live ones in the slot its confirmation email took (confirmPrefs0..2), and confirming
 *   that email's link applies them. An unconfirmed sign-up (anyone can post any address) changes nothing;
 * - each item has a random linkSecret from its creation: links are honoured only while it matches, and
 *   the writes a link makes are conditioned on it (see tokens.ts).
 */
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { DEFAULT_CURRENCY } from './preferences';
import type { Preferences, Subscriber, SubscriberStatus, Tier } from './subscriber';
import { DEFAULT_TIER } from './tiers';
import { newLinkSecret } from './tokens';

export type SuppressionReason = NonNullable<Subscriber['suppressed']>;

/** A subscriber as stored, with the bookkeeping the pages and the export show. */
export interface StoredSubscriber extends Subscriber {
  unsubscribedAt: string | null;
  tierChangedAt: string | null;
  suppressedAt: string | null;
  transientBounces: number;
  lastTransientBounceAt: string | null;
}

export type RegisterOutcome =
  /** A new pending subscriber: send a confirmation. */
  | 'created'
  /** A pending or unsubscribed one, left as it is: send a confirmation (its preferences wait in the slot). */
  | 'refreshed'
  /** Already confirmed: nothing changed, nothing to send. */
  | 'confirmed'
  /** Suppressed (bounce/complaint): nothing changed, nothing is ever sent. */
  | 'suppressed'
  /** Lost every race against concurrent writers of the same item: they send (or not), this one does not. */
  | 'contended';

/**
 * The link a write comes from: `linkSecret` must still be the item's ('' for an item without one), or
 * the write does nothing (the item was erased, and maybe created again by a new sign-up, since).
 */
export interface LinkGuard {
  linkSecret: string;
}

/** A confirmation link: its slot and the second it was issued, which that slot's claim must still carry. */
export interface ConfirmationLink extends LinkGuard {
  sent?: { slot: number; at: number };
}

/** A claimed confirmation-email slot, and the item's link secret the email's link must carry. */
export interface ConfirmationSlot {
  slot: number;
  linkSecret: string;
}

export interface SubscriberStore {
  get(id: string, now: Date): Promise<StoredSubscriber | null>;
  /**
   * Sign-up: creates a pending subscriber (preferences live, a new linkSecret) or keeps a
   * pending/unsubscribed one as it is (a pending one's expiry moves on); never touches a confirmed or
   * suppressed one.
   */
  register(input: { id: string; email: string; preferences: Preferences }, now: Date): Promise<RegisterOutcome>;
  /**
   * Claims a confirmation-email slot (3 per rolling 24 h) and keeps the sign-up's preferences in it
   * until that email's link confirms; null when none is free or a confirmation is no longer due.
   */
  reserveConfirmationEmail(id: string, preferences: Preferences, now: Date): Promise<ConfirmationSlot | null>;
  /** Gives a slot (and its preferences) back after a send that failed. */
  releaseConfirmationEmail(id: string, slot: number, now: Date): Promise<void>;
  /**
   * pending/unsubscribed → confirmed (alertShard set unless suppressed), applying the preferences kept
   * in the link's slot if that slot still holds the same sign-up; every slot's preferences are dropped.
   * `changed` false when it was already confirmed. Null when there is no such subscriber or the guard fails.
   */
  confirm(id: string, now: Date, link?: ConfirmationLink): Promise<{ subscriber: StoredSubscriber; changed: boolean } | null>;
  updatePreferences(id: string, preferences: Preferences, now: Date, guard?: LinkGuard): Promise<StoredSubscriber | null>;
  /** → unsubscribed, alertShard removed, at once. Null when there is no such subscriber or the guard fails. */
  unsubscribe(id: string, now: Date, guard?: LinkGuard): Promise<StoredSubscriber | null>;
  setTier(id: string, tier: Tier, now: Date): Promise<{ subscriber: StoredSubscriber; previousTier: Tier } | null>;
  /** Marks the subscriber suppressed and drops alertShard; false when there is no such subscriber. */
  suppress(id: string, reason: SuppressionReason, now: Date): Promise<boolean>;
  /** Counts a transient (soft) bounce; false when there is no such subscriber. */
  countTransientBounce(id: string, now: Date): Promise<boolean>;
  /** Everything stored about the subscriber: the item as stored and every DeliveriesTable item. */
  exportData(id: string, now: Date): Promise<{ subscriber: Record<string, unknown> | null; deliveries: Record<string, unknown>[] }>;
  /**
   * Deletes the subscriber and all their delivery items; idempotent without a guard. With one, an
   * item that is gone or has another secret is left alone, and so is its delivery history.
   */
  erase(id: string, guard?: LinkGuard): Promise<{ subscriber: boolean; deliveries: number }>;
}

export const SEND_SLOTS = SUBSCRIPTION_LIMITS.confirmationEmails;
export const slotAttribute = (slot: number): string => `confirmSend${slot}`;
export const slotPreferencesAttribute = (slot: number): string => `confirmPrefs${slot}`;
export const SLOT_PREFERENCE_ATTRIBUTES = Array.from({ length: SEND_SLOTS }, (_, slot) => slotPreferencesAttribute(slot));

/** The preferences a confirmation link applies: its slot's, if the slot still holds the claim it was sent for. */
export function sentPreferences(item: Record<string, unknown>, sent: ConfirmationLink['sent']): Preferences | undefined {
  if (sent === undefined || sent.slot < 0 || sent.slot >= SEND_SLOTS || item[slotAttribute(sent.slot)] !== sent.at) return undefined;
  const prefs = item[slotPreferencesAttribute(sent.slot)];
  return typeof prefs === 'object' && prefs !== null ? preferencesOf(prefs) : undefined;
}

/** Whether the item passes the guard (no guard: it does). */
export const guardHolds = (item: Record<string, unknown>, guard: LinkGuard | undefined): boolean =>
  guard === undefined || (typeof item.linkSecret === 'string' ? item.linkSecret : '') === guard.linkSecret;
export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
export const slotCutoff = (now: Date): number => epochSeconds(now) - SUBSCRIPTION_LIMITS.confirmationWindowHours * 3600;
export const pendingExpiry = (now: Date): number => epochSeconds(now) + SUBSCRIPTION_LIMITS.pendingDays * 86_400;

/** An item past its expiresAt is gone, even if DynamoDB's TTL has not deleted it yet. */
export function isLive(item: Record<string, unknown> | undefined, now: Date): item is Record<string, unknown> {
  if (item === undefined) return false;
  const expiresAt = item.expiresAt;
  return typeof expiresAt !== 'number' || expiresAt > epochSeconds(now);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function preferencesOf(value: unknown): Preferences {
  const prefs = (value ?? {}) as Record<string, unknown>;
  return {
    keywords: strings(prefs.keywords),
    industries: strings(prefs.industries),
    geos: strings(prefs.geos),
    jobTypes: strings(prefs.jobTypes),
    guides: strings(prefs.guides),
    // Items stored before these preferences existed read as their defaults.
    levels: strings(prefs.levels),
    salaryMin: typeof prefs.salaryMin === 'number' ? prefs.salaryMin : null,
    salaryCurrency: typeof prefs.salaryCurrency === 'string' ? prefs.salaryCurrency : DEFAULT_CURRENCY,
    remoteOnly: prefs.remoteOnly === true,
    timeZone: typeof prefs.timeZone === 'string' ? prefs.timeZone : null,
  };
}

/** The stored item → StoredSubscriber (tolerant of attributes other writers add). */
export function subscriberFromItem(item: Record<string, unknown>): StoredSubscriber {
  const suppressed = item.suppressed === 'bounce' || item.suppressed === 'complaint' ? item.suppressed : null;
  return {
    id: item.id as string,
    email: item.email as string,
    status: item.status as SubscriberStatus,
    tier: item.tier === 'plus' ? 'plus' : 'free',
    preferences: preferencesOf(item.preferences),
    createdAt: item.createdAt as string,
    confirmedAt: str(item.confirmedAt),
    updatedAt: item.updatedAt as string,
    suppressed,
    lastDigestAt: str(item.lastDigestAt),
    unsubscribedAt: str(item.unsubscribedAt),
    tierChangedAt: str(item.tierChangedAt),
    suppressedAt: str(item.suppressedAt),
    transientBounces: typeof item.transientBounces === 'number' ? item.transientBounces : 0,
    lastTransientBounceAt: str(item.lastTransientBounceAt),
    ...(typeof item.linkSecret === 'string' ? { linkSecret: item.linkSecret } : {}),
  };
}

/** A new pending item. `suppressed` and `alertShard` are absent (not null) until they apply. */
export function newPendingItem(input: { id: string; email: string; preferences: Preferences }, now: Date): Record<string, unknown> {
  const at = now.toISOString();
  return {
    id: input.id,
    email: input.email,
    status: 'pending',
    tier: DEFAULT_TIER,
    preferences: input.preferences,
    createdAt: at,
    confirmedAt: null,
    updatedAt: at,
    lastDigestAt: null,
    expiresAt: pendingExpiry(now),
    linkSecret: newLinkSecret(),
  };
}
