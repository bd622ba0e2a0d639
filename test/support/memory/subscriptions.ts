/**
 * The subscription stores in memory (subscribers, suppressions, sign-up window counters), with the
 * item layout and the rules of the DynamoDB ones: for unit tests and fakes.
 */
import type { SuppressionRecord, SuppressionStore } from '../../../lambdas/subscriptions/suppressions';
import type { WindowCounters } from '../../../lambdas/subscriptions/signup-limits';
import {
  SEND_SLOTS,
  SLOT_PREFERENCE_ATTRIBUTES,
  epochSeconds,
  guardHolds,
  isLive,
  newPendingItem,
  pendingExpiry,
  sentPreferences,
  slotAttribute,
  slotCutoff,
  slotPreferencesAttribute,
  subscriberFromItem,
  type ConfirmationLink,
  type ConfirmationSlot,
  type LinkGuard,
  type RegisterOutcome,
  type StoredSubscriber,
  type SubscriberStore,
  type SuppressionReason,
} from '../../../lambdas/subscriptions/store';
import type { Preferences, Tier } from '../../../lambdas/subscriptions/subscriber';
import { alertShard, receivesAlerts } from '../../../lambdas/subscriptions/tiers';

/** In memory, with the same item layout and rules: unit tests and fakes. */
export class MemorySubscriberStore implements SubscriberStore {
  readonly items = new Map<string, Record<string, unknown>>();
  /** DeliveriesTable items by subscriberId (the alert engine writes them in real life). */
  readonly deliveries = new Map<string, Record<string, unknown>[]>();

  private live(id: string, now: Date): Record<string, unknown> | undefined {
    const item = this.items.get(id);
    return isLive(item, now) ? item : undefined;
  }

  async get(id: string, now: Date): Promise<StoredSubscriber | null> {
    const item = this.live(id, now);
    return item === undefined ? null : subscriberFromItem(structuredClone(item));
  }

  async register(input: { id: string; email: string; preferences: Preferences }, now: Date): Promise<RegisterOutcome> {
    const item = this.live(input.id, now);
    if (item === undefined) {
      this.items.set(input.id, newPendingItem(input, now));
      return 'created';
    }
    if (item.suppressed !== undefined) return 'suppressed';
    if (item.status === 'confirmed') return 'confirmed';
    if (item.status === 'pending') item.expiresAt = pendingExpiry(now);
    return 'refreshed';
  }

  async reserveConfirmationEmail(id: string, preferences: Preferences, now: Date): Promise<ConfirmationSlot | null> {
    const item = this.items.get(id);
    if (item === undefined || item.suppressed !== undefined || (item.status !== 'pending' && item.status !== 'unsubscribed')) return null;
    for (let slot = 0; slot < SEND_SLOTS; slot++) {
      const at = item[slotAttribute(slot)];
      if (typeof at !== 'number' || at <= slotCutoff(now)) {
        item[slotAttribute(slot)] = epochSeconds(now);
        item[slotPreferencesAttribute(slot)] = structuredClone(preferences);
        return { slot, linkSecret: typeof item.linkSecret === 'string' ? item.linkSecret : '' };
      }
    }
    return null;
  }

  async releaseConfirmationEmail(id: string, slot: number, now: Date): Promise<void> {
    const item = this.items.get(id);
    if (item !== undefined && item[slotAttribute(slot)] === epochSeconds(now)) {
      delete item[slotAttribute(slot)];
      delete item[slotPreferencesAttribute(slot)];
    }
  }

  async confirm(id: string, now: Date, link?: ConfirmationLink): Promise<{ subscriber: StoredSubscriber; changed: boolean } | null> {
    const item = this.live(id, now);
    if (item === undefined || !guardHolds(item, link)) return null;
    if (item.status === 'confirmed') return { subscriber: subscriberFromItem(structuredClone(item)), changed: false };
    const preferences = sentPreferences(item, link?.sent);
    if (preferences !== undefined) item.preferences = preferences;
    for (const name of SLOT_PREFERENCE_ATTRIBUTES) delete item[name];
    item.status = 'confirmed';
    item.confirmedAt = now.toISOString();
    item.updatedAt = now.toISOString();
    delete item.expiresAt;
    delete item.unsubscribedAt;
    this.syncShard(item);
    return { subscriber: subscriberFromItem(structuredClone(item)), changed: true };
  }

  async updatePreferences(id: string, preferences: Preferences, now: Date, guard?: LinkGuard): Promise<StoredSubscriber | null> {
    const item = this.live(id, now);
    if (item === undefined || !guardHolds(item, guard)) return null;
    item.preferences = structuredClone(preferences);
    item.updatedAt = now.toISOString();
    this.syncShard(item);
    return subscriberFromItem(structuredClone(item));
  }

  async unsubscribe(id: string, now: Date, guard?: LinkGuard): Promise<StoredSubscriber | null> {
    const item = this.live(id, now);
    if (item === undefined || !guardHolds(item, guard)) return null;
    item.status = 'unsubscribed';
    item.unsubscribedAt ??= now.toISOString();
    item.updatedAt = now.toISOString();
    delete item.expiresAt;
    delete item.alertShard;
    return subscriberFromItem(structuredClone(item));
  }

  async setTier(id: string, tier: Tier, now: Date): Promise<{ subscriber: StoredSubscriber; previousTier: Tier } | null> {
    const item = this.live(id, now);
    if (item === undefined) return null;
    const previousTier = subscriberFromItem(item).tier;
    if (previousTier !== tier) {
      item.tier = tier;
      item.tierChangedAt = now.toISOString();
      item.updatedAt = now.toISOString();
    }
    this.syncShard(item);
    return { subscriber: subscriberFromItem(structuredClone(item)), previousTier };
  }

  async suppress(id: string, reason: SuppressionReason, now: Date): Promise<boolean> {
    const item = this.items.get(id);
    if (item === undefined) return false;
    item.suppressed ??= reason;
    item.suppressedAt ??= now.toISOString();
    item.updatedAt = now.toISOString();
    delete item.alertShard;
    return true;
  }

  async countTransientBounce(id: string, now: Date): Promise<boolean> {
    const item = this.items.get(id);
    if (item === undefined) return false;
    item.transientBounces = (typeof item.transientBounces === 'number' ? item.transientBounces : 0) + 1;
    item.lastTransientBounceAt = now.toISOString();
    return true;
  }

  async exportData(id: string, now: Date) {
    const item = this.live(id, now);
    return { subscriber: item === undefined ? null : structuredClone(item), deliveries: structuredClone(this.deliveries.get(id) ?? []) };
  }

  async erase(id: string, guard?: LinkGuard): Promise<{ subscriber: boolean; deliveries: number }> {
    const item = this.items.get(id);
    if (guard !== undefined && (item === undefined || !guardHolds(item, guard))) return { subscriber: false, deliveries: 0 };
    const subscriber = this.items.delete(id);
    const deliveries = this.deliveries.get(id)?.length ?? 0;
    this.deliveries.delete(id);
    return { subscriber, deliveries };
  }

  private syncShard(item: Record<string, unknown>): void {
    const s = subscriberFromItem(item);
    if (receivesAlerts(s)) item.alertShard = alertShard(s.id, s.tier, s.preferences.timeZone);
    else delete item.alertShard;
  }
}

export class MemorySuppressionStore implements SuppressionStore {
  readonly records = new Map<string, SuppressionRecord>();
  async get(hash: string): Promise<SuppressionRecord | null> {
    return this.records.get(hash) ?? null;
  }
  async add(record: SuppressionRecord): Promise<void> {
    if (!this.records.has(record.emailHash)) this.records.set(record.emailHash, { ...record });
  }
}

/** The same counters in memory (unit tests). Increments are synchronous, so they are atomic here too. */
export class MemoryWindowCounters implements WindowCounters {
  readonly items = new Map<string, { count: number; expiresAt: Date }>();

  async count(key: string, now: Date): Promise<number> {
    const item = this.items.get(key);
    return item === undefined || item.expiresAt.getTime() <= now.getTime() ? 0 : item.count;
  }

  async increment(key: string, limit: number, expiresAt: Date): Promise<boolean> {
    const item = this.items.get(key);
    if ((item?.count ?? 0) >= limit) return false;
    this.items.set(key, { count: (item?.count ?? 0) + 1, expiresAt });
    return true;
  }

  async decrement(key: string): Promise<void> {
    const item = this.items.get(key);
    if (item !== undefined && item.count > 0) item.count -= 1;
  }
}
