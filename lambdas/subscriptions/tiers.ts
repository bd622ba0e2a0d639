/**
 * Tiers and the alert audience. A subscriber is in a tier's audience exactly when they carry
 * `alertShard = "<tier>#<zone>"` (the sparse byAlertShard index): confirmed and not suppressed. The
 * zone is the canonical name of their time zone, or `default` while they have none (then the digest
 * schedule's zone times their digests: a change of that zone needs no re-keying). An hourly run
 * Queries only the partitions of the zones due at its instant. The store keeps the attribute in step
 * with status, tier, suppression and time zone on every write, so a zone change moves them at once.
 *
 * Items written before zones carry `<tier>#<nn>` (legacy shards): the run in which the default zone is
 * due pages those too, and the sender re-keys every subscriber it reads from them.
 *
 * What the alert engine can rely on when a tier changes (PUT /admin/subscribers/{email}/tier):
 * - the subscriber's alertShard moves to the new tier at once, so the new tier's NEXT run plans them
 *   and the old tier's next run does not;
 * - a run of the old tier that planned them before the change must skip them at send time: check
 *   `eligibleForRun(subscriber, run.tier)` on the freshly read subscriber right before sending (the
 *   same check makes an unsubscribe or a suppression effective before any later send);
 * - no day is covered twice across the switch because a digest covers jobs posted after
 *   `lastDigestAt` (the subscriber's watermark), whatever the tier: the first digest of the new tier
 *   starts where the last digest of the old tier stopped.
 */
import { canonicalZone } from '../shared/clock';
import { LEGACY_ALERT_SHARDS } from '../shared/tables';
import type { Subscriber, Tier } from './subscriber';

export const DEFAULT_TIER: Tier = 'free';

export const TIER_CADENCE: Record<Tier, string> = { free: 'weekly digest', plus: 'daily digest' };

/** The partition of subscribers without a zone of their own: timed by the schedule's zone. */
export const DEFAULT_ZONE_KEY = 'default';

/** The byAlertShard partition of a tier and zone: "plus#Europe/Berlin", "free#default". */
export function audienceKey(tier: Tier, timeZone: string | null): string {
  // An unknown zone cannot be timed: such a subscriber goes with the schedule's zone.
  const zone = timeZone === null ? null : canonicalZone(timeZone);
  return `${tier}#${zone ?? DEFAULT_ZONE_KEY}`;
}

/**
 * The byAlertShard partition key of a subscriber in a tier, with their time zone (null: none). The id
 * no longer picks the partition; it stays in the signature the stores and tests call.
 */
export function alertShard(_subscriberId: string, tier: Tier, timeZone: string | null = null): string {
  return audienceKey(tier, timeZone);
}

/** The partitions written before zones, "free#00".."free#15": paged until their subscribers are re-keyed. */
export function legacyShards(tier: Tier): string[] {
  return Array.from({ length: LEGACY_ALERT_SHARDS }, (_, n) => `${tier}#${String(n).padStart(2, '0')}`);
}

const LEGACY = /^(free|plus)#\d{2}$/;
export const isLegacyShard = (key: unknown): key is string => typeof key === 'string' && LEGACY.test(key);

/** Whether a subscriber should carry an alertShard at all: confirmed and not suppressed. */
export function receivesAlerts(s: Pick<Subscriber, 'status' | 'suppressed'>): boolean {
  return s.status === 'confirmed' && s.suppressed === null;
}

/** The send-time check: confirmed, not suppressed, and still in the tier of the run that planned them. */
export function eligibleForRun(s: Pick<Subscriber, 'status' | 'suppressed' | 'tier'>, runTier: Tier): boolean {
  return receivesAlerts(s) && s.tier === runTier;
}
