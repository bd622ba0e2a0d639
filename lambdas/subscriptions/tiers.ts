/**
 * Tiers and the alert audience. A subscriber is in a tier's audience exactly when they carry
 * `alertShard = "<tier>#<nn>"` (the sparse byAlertShard index): confirmed and not suppressed. The
 * store keeps that attribute in step with status, tier and suppression on every write.
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
import { createHash } from 'node:crypto';
import { ALERT_SHARDS } from '../shared/tables';
import type { Subscriber, Tier } from './subscriber';

export const DEFAULT_TIER: Tier = 'free';

export const TIER_CADENCE: Record<Tier, string> = { free: 'weekly digest', plus: 'daily digest' };

/** 0..ALERT_SHARDS-1, stable for an id. */
export function shardNumber(subscriberId: string): number {
  return (createHash('sha256').update(subscriberId, 'utf8').digest().readUInt32BE(0)) % ALERT_SHARDS;
}

/** The byAlertShard partition key of a subscriber in a tier: "free#07". */
export function alertShard(subscriberId: string, tier: Tier): string {
  return `${tier}#${String(shardNumber(subscriberId)).padStart(2, '0')}`;
}

/** Every partition of a tier's audience, for the planner's parallel Queries. */
export function tierShards(tier: Tier): string[] {
  return Array.from({ length: ALERT_SHARDS }, (_, n) => `${tier}#${String(n).padStart(2, '0')}`);
}

/** Whether a subscriber should carry an alertShard at all: confirmed and not suppressed. */
export function receivesAlerts(s: Pick<Subscriber, 'status' | 'suppressed'>): boolean {
  return s.status === 'confirmed' && s.suppressed === null;
}

/** The send-time check: confirmed, not suppressed, and still in the tier of the run that planned them. */
export function eligibleForRun(s: Pick<Subscriber, 'status' | 'suppressed' | 'tier'>, runTier: Tier): boolean {
  return receivesAlerts(s) && s.tier === runTier;
}
