/**
 * The alert side of the subscribers table: the planner pages the audience partitions of the zones due
 * (the sparse byAlertShard index, keys only), the sender reads subscribers fresh at send time, moves
 * their watermark forward after a digest, and re-keys those still in a legacy shard.
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { batchGetAll } from '../shared/dynamo';
import { SubscribersTable } from '../shared/tables';
import { isLive, subscriberFromItem } from '../subscriptions/store';
import type { Subscriber } from '../subscriptions/subscriber';
import { audienceKey, isLegacyShard, receivesAlerts } from '../subscriptions/tiers';

export interface AudiencePage {
  ids: string[];
  /** Opaque: where the next page starts, or undefined at the end of the partition. */
  next: string | undefined;
}

/**
 * A subscriber as the sender sees it: with the jobs of their last digest, never to be sent again, and
 * the partition they are stored in.
 */
export type AudienceMember = Subscriber & { lastDigestJobIds: string[]; alertShard?: string };

export interface AudienceStore {
  /** One page of a byAlertShard partition ("plus#Europe/Berlin", "free#default", a legacy "plus#07"). */
  page(partition: string, start: string | undefined, limit: number): Promise<AudiencePage>;
  getMany(ids: readonly string[]): Promise<AudienceMember[]>;
  /** Moves lastDigestAt forward (never back) and remembers the jobs just sent. */
  advance(id: string, watermark: string, jobIds: readonly string[]): Promise<void>;
  /** Moves a subscriber read from a legacy shard to their zone's partition, unless a write did meanwhile. */
  rekey(member: AudienceMember): Promise<void>;
}

/** The partition a subscriber belongs in now (undefined: none, they receive no alerts). */
export function partitionOf(s: Pick<Subscriber, 'status' | 'suppressed' | 'tier' | 'preferences'>): string | undefined {
  return receivesAlerts(s) ? audienceKey(s.tier, s.preferences.timeZone) : undefined;
}

export class DynamoAudienceStore implements AudienceStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async page(partition: string, start: string | undefined, limit: number): Promise<AudiencePage> {
    const index = SubscribersTable.globalSecondaryIndexes[0];
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index.indexName,
        KeyConditionExpression: 'alertShard = :s',
        ExpressionAttributeValues: { ':s': partition },
        Limit: limit,
        ...(start !== undefined ? { ExclusiveStartKey: JSON.parse(start) as Record<string, unknown> } : {}),
      }),
    );
    return {
      ids: (out.Items ?? []).map((i) => i.id as string),
      next: out.LastEvaluatedKey === undefined ? undefined : JSON.stringify(out.LastEvaluatedKey),
    };
  }

  async getMany(ids: readonly string[]): Promise<AudienceMember[]> {
    // Consistent reads: an unsubscribe a moment ago must win over this send.
    const items = await batchGetAll<Record<string, unknown>>(this.doc, this.table, ids.map((id) => ({ id })), undefined, { consistent: true });
    const now = new Date();
    return items
      .filter((item) => isLive(item, now))
      .map((item) => ({
        ...subscriberFromItem(item),
        lastDigestJobIds: Array.isArray(item.lastDigestJobIds) ? (item.lastDigestJobIds as string[]) : [],
        ...(typeof item.alertShard === 'string' ? { alertShard: item.alertShard } : {}),
      }));
  }

  async advance(id: string, watermark: string, jobIds: readonly string[]): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: 'SET lastDigestAt = :w, lastDigestJobIds = :j',
          ConditionExpression: 'attribute_exists(id) AND (attribute_not_exists(lastDigestAt) OR lastDigestAt = :null OR lastDigestAt < :w)',
          ExpressionAttributeValues: { ':w': watermark, ':j': [...jobIds], ':null': null },
        }),
      );
    } catch (error) {
      // Erased meanwhile, or a later digest already moved it: nothing to do.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async rekey(member: AudienceMember): Promise<void> {
    const to = partitionOf(member);
    if (!isLegacyShard(member.alertShard) || to === undefined) return;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id: member.id },
          UpdateExpression: 'SET alertShard = :to',
          // Any write since the read re-keyed (or removed) it with what it wrote: that one wins.
          ConditionExpression: 'alertShard = :from',
          ExpressionAttributeValues: { ':to': to, ':from': member.alertShard },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
