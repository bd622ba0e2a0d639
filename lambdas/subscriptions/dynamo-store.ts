/**
 * SubscriberStore on DynamoDB (and dynalite). Every change is one conditional write on the subscriber
 * item; where the new value depends on the current one (alertShard depends on status, tier,
 * suppression and time zone), the item is read and the write is conditioned on exactly what was read, retried a few
 * times if another writer got there first. No transactions, no streams: dynalite has neither.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type BatchOptions } from '../shared/dynamo';
import type { Preferences, Tier } from './subscriber';
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
} from './store';
import { alertShard, receivesAlerts } from './tiers';

const ATTEMPTS = 4;
const LIVE = '(attribute_not_exists(expiresAt) OR expiresAt > :nowSec)';

/** The condition a write made by a link adds: the item still has the link's secret (or none, for ''). */
function guardCondition(guard: LinkGuard | undefined): { expression: string; values: Record<string, unknown> } {
  if (guard === undefined) return { expression: 'attribute_exists(id)', values: {} };
  if (guard.linkSecret === '') return { expression: 'attribute_exists(id) AND attribute_not_exists(linkSecret)', values: {} };
  return { expression: 'linkSecret = :linkSecret', values: { ':linkSecret': guard.linkSecret } };
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/** Runs a conditional write; false when its condition did not hold. */
async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export class DynamoSubscriberStore implements SubscriberStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    /** DeliveriesTable: needed by exportData and erase only (the admin function does without). */
    private readonly deliveriesTable: string | undefined,
    private readonly batch: BatchOptions = {},
  ) {}

  private get deliveryTable(): string {
    if (this.deliveriesTable === undefined) throw new Error('this subscriber store was built without the deliveries table');
    return this.deliveriesTable;
  }

  private async item(id: string, now: Date): Promise<Record<string, unknown> | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    return isLive(out.Item, now) ? out.Item : undefined;
  }

  async get(id: string, now: Date): Promise<StoredSubscriber | null> {
    const item = await this.item(id, now);
    return item === undefined ? null : subscriberFromItem(item);
  }

  async register(input: { id: string; email: string; preferences: Preferences }, now: Date): Promise<RegisterOutcome> {
    const nowSec = epochSeconds(now);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const item = await this.item(input.id, now);
      if (item === undefined) {
        const created = await conditional(() =>
          this.doc.send(
            new PutCommand({
              TableName: this.table,
              Item: newPendingItem(input, now),
              // An expired pending item is as good as absent: it is replaced whole (send slots included).
              ConditionExpression: 'attribute_not_exists(id) OR expiresAt <= :nowSec',
              ExpressionAttributeValues: { ':nowSec': nowSec },
            }),
          ),
        );
        if (created) return 'created';
        continue;
      }
      if (item.suppressed !== undefined) return 'suppressed';
      if (item.status === 'confirmed') return 'confirmed';
      // Unconfirmed, the sign-up changes nothing stored: its preferences go with its confirmation slot.
      if (item.status !== 'pending') return 'refreshed';
      const refreshed = await conditional(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { id: input.id },
            UpdateExpression: 'SET expiresAt = :exp',
            ConditionExpression: `#s = :s AND attribute_not_exists(suppressed) AND ${LIVE}`,
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': 'pending', ':nowSec': nowSec, ':exp': pendingExpiry(now) },
          }),
        ),
      );
      if (refreshed) return 'refreshed';
    }
    return 'contended';
  }

  async reserveConfirmationEmail(id: string, preferences: Preferences, now: Date): Promise<ConfirmationSlot | null> {
    for (let slot = 0; slot < SEND_SLOTS; slot++) {
      const name = slotAttribute(slot);
      const taken = await this.tryUpdate({
        Key: { id },
        UpdateExpression: 'SET #slot = :nowSec, #prefs = :p',
        ConditionExpression:
          'attribute_exists(id) AND #s IN (:pending, :unsub) AND attribute_not_exists(suppressed) AND ' +
          '(attribute_not_exists(#slot) OR #slot <= :cutoff)',
        ExpressionAttributeNames: { '#slot': name, '#prefs': slotPreferencesAttribute(slot), '#s': 'status' },
        ExpressionAttributeValues: {
          ':p': preferences,
          ':nowSec': epochSeconds(now),
          ':cutoff': slotCutoff(now),
          ':pending': 'pending',
          ':unsub': 'unsubscribed',
        },
      });
      if (taken !== null) return { slot, linkSecret: taken.linkSecret ?? '' };
    }
    return null;
  }

  async releaseConfirmationEmail(id: string, slot: number, now: Date): Promise<void> {
    await conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: 'REMOVE #slot, #prefs',
          ConditionExpression: '#slot = :nowSec',
          ExpressionAttributeNames: { '#slot': slotAttribute(slot), '#prefs': slotPreferencesAttribute(slot) },
          ExpressionAttributeValues: { ':nowSec': epochSeconds(now) },
        }),
      ),
    );
  }

  async confirm(id: string, now: Date, link?: ConfirmationLink): Promise<{ subscriber: StoredSubscriber; changed: boolean } | null> {
    const guard = guardCondition(link);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const item = await this.item(id, now);
      if (item === undefined || !guardHolds(item, link)) return null;
      const current = subscriberFromItem(item);
      if (current.status === 'confirmed') return { subscriber: current, changed: false };
      const next = { ...current, status: 'confirmed' as const };
      const preferences = sentPreferences(item, link?.sent);
      const shard = receivesAlerts(next) ? alertShard(id, next.tier, (preferences ?? current.preferences).timeZone) : null;
      const sent = preferences !== undefined ? link?.sent : undefined;
      const set = [
        '#s = :confirmed',
        'confirmedAt = :at',
        'updatedAt = :at',
        ...(shard !== null ? ['alertShard = :shard'] : []),
        ...(sent !== undefined ? ['preferences = :p'] : []),
      ];
      const remove = ['expiresAt', 'unsubscribedAt', ...(shard === null ? ['alertShard'] : []), ...SLOT_PREFERENCE_ATTRIBUTES];
      const out = await this.tryUpdate({
        Key: { id },
        UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
        // Conditioned on what the write was derived from: status, tier, suppression, the link's secret
        // and the slot whose preferences it applies, as read.
        ConditionExpression:
          `#s = :was AND tier = :tier AND ${current.suppressed === null ? 'attribute_not_exists(suppressed)' : 'attribute_exists(suppressed)'} AND ${LIVE}` +
          ` AND ${guard.expression}${sent !== undefined ? ' AND #slot = :sentAt' : ''}`,
        ExpressionAttributeNames: { '#s': 'status', ...(sent !== undefined ? { '#slot': slotAttribute(sent.slot) } : {}) },
        ExpressionAttributeValues: {
          ':confirmed': 'confirmed',
          ':at': now.toISOString(),
          ':was': current.status,
          ':tier': item.tier,
          ':nowSec': epochSeconds(now),
          ...guard.values,
          ...(shard !== null ? { ':shard': shard } : {}),
          ...(sent !== undefined ? { ':p': preferences, ':sentAt': sent.at } : {}),
        },
      });
      if (out !== null) return { subscriber: out, changed: true };
    }
    throw new Error('confirm: the subscriber kept changing; retry');
  }

  async updatePreferences(id: string, preferences: Preferences, now: Date, guard?: LinkGuard): Promise<StoredSubscriber | null> {
    const g = guardCondition(guard);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const item = await this.item(id, now);
      if (item === undefined || !guardHolds(item, guard)) return null;
      const current = subscriberFromItem(item);
      // The time zone picks the audience partition: a zone change moves the subscriber at once (and
      // any write moves an item still in a legacy shard to its zone's).
      const shard = receivesAlerts(current) ? alertShard(id, current.tier, preferences.timeZone) : null;
      const out = await this.tryUpdate({
        Key: { id },
        UpdateExpression: `SET preferences = :p, updatedAt = :at${shard !== null ? ', alertShard = :shard' : ' REMOVE alertShard'}`,
        ConditionExpression:
          `#s = :was AND tier = :tier AND ${current.suppressed === null ? 'attribute_not_exists(suppressed)' : 'attribute_exists(suppressed)'}` +
          ` AND ${g.expression} AND ${LIVE}`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':p': preferences,
          ':at': now.toISOString(),
          ':nowSec': epochSeconds(now),
          ':was': current.status,
          ':tier': item.tier,
          ...g.values,
          ...(shard !== null ? { ':shard': shard } : {}),
        },
      });
      if (out !== null) return out;
    }
    throw new Error('updatePreferences: the subscriber kept changing; retry');
  }

  async unsubscribe(id: string, now: Date, guard?: LinkGuard): Promise<StoredSubscriber | null> {
    const g = guardCondition(guard);
    return this.tryUpdate({
      Key: { id },
      UpdateExpression: 'SET #s = :unsub, unsubscribedAt = if_not_exists(unsubscribedAt, :at), updatedAt = :at REMOVE alertShard, expiresAt',
      ConditionExpression: `${g.expression} AND ${LIVE}`,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':unsub': 'unsubscribed', ':at': now.toISOString(), ':nowSec': epochSeconds(now), ...g.values },
    });
  }

  async setTier(id: string, tier: Tier, now: Date): Promise<{ subscriber: StoredSubscriber; previousTier: Tier } | null> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const item = await this.item(id, now);
      if (item === undefined) return null;
      const current = subscriberFromItem(item);
      const shard = receivesAlerts(current) ? alertShard(id, tier, current.preferences.timeZone) : null;
      const changed = current.tier !== tier;
      const out = await this.tryUpdate({
        Key: { id },
        UpdateExpression:
          `SET tier = :tier, updatedAt = :at${changed ? ', tierChangedAt = :at' : ''}` +
          (shard !== null ? ', alertShard = :shard' : ' REMOVE alertShard'),
        ConditionExpression: `#s = :was AND ${current.suppressed === null ? 'attribute_not_exists(suppressed)' : 'attribute_exists(suppressed)'} AND ${LIVE}`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':tier': tier,
          ':at': now.toISOString(),
          ':was': current.status,
          ':nowSec': epochSeconds(now),
          ...(shard !== null ? { ':shard': shard } : {}),
        },
      });
      if (out !== null) return { subscriber: out, previousTier: current.tier };
    }
    throw new Error('setTier: the subscriber kept changing; retry');
  }

  async suppress(id: string, reason: SuppressionReason, now: Date): Promise<boolean> {
    const out = await this.tryUpdate({
      Key: { id },
      UpdateExpression: 'SET suppressed = if_not_exists(suppressed, :r), suppressedAt = if_not_exists(suppressedAt, :at), updatedAt = :at REMOVE alertShard',
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeValues: { ':r': reason, ':at': now.toISOString() },
    });
    return out !== null;
  }

  async countTransientBounce(id: string, now: Date): Promise<boolean> {
    const out = await this.tryUpdate({
      Key: { id },
      UpdateExpression: 'ADD transientBounces :one SET lastTransientBounceAt = :at',
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeValues: { ':one': 1, ':at': now.toISOString() },
    });
    return out !== null;
  }

  async exportData(id: string, now: Date): Promise<{ subscriber: Record<string, unknown> | null; deliveries: Record<string, unknown>[] }> {
    const [item, deliveries] = await Promise.all([this.item(id, now), this.deliveries(id)]);
    return { subscriber: item ?? null, deliveries };
  }

  async erase(id: string, guard?: LinkGuard): Promise<{ subscriber: boolean; deliveries: number }> {
    // The subscriber first: from this moment no run plans or sends to them. Then their history. A
    // crash in between leaves delivery items that their TTL removes: the erase link is revoked with the
    // item, and a guarded erase never touches the history of an item it did not delete.
    let out;
    try {
      const g = guard === undefined ? undefined : guardCondition(guard);
      out = await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { id },
          ReturnValues: 'ALL_OLD',
          ...(g !== undefined ? { ConditionExpression: g.expression, ...(Object.keys(g.values).length > 0 ? { ExpressionAttributeValues: g.values } : {}) } : {}),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return { subscriber: false, deliveries: 0 };
      throw error;
    }
    const keys = await this.deliveries(id, true);
    if (keys.length > 0) {
      await batchWriteAll(
        this.doc,
        this.deliveryTable,
        keys.map((key) => ({ DeleteRequest: { Key: { subscriberId: key.subscriberId, period: key.period } } })),
        this.batch,
      );
    }
    return { subscriber: out.Attributes !== undefined, deliveries: keys.length };
  }

  private async deliveries(id: string, keysOnly = false): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.deliveryTable,
          KeyConditionExpression: 'subscriberId = :id',
          ExpressionAttributeValues: { ':id': id },
          ConsistentRead: true,
          ...(keysOnly ? { ProjectionExpression: 'subscriberId, #p', ExpressionAttributeNames: { '#p': 'period' } } : {}),
          ...(startKey !== undefined ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      startKey = out.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  /** A conditional UpdateItem returning the new item; null when the condition did not hold. */
  private async tryUpdate(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'ReturnValues'>): Promise<StoredSubscriber | null> {
    try {
      const out = await this.doc.send(new UpdateCommand({ ...input, TableName: this.table, ReturnValues: 'ALL_NEW' }));
      return out.Attributes === undefined ? null : subscriberFromItem(out.Attributes);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }
}
