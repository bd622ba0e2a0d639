/**
 * The alert side of the subscribers table: the planner pages a tier's audience on the sparse
 * byAlertShard index (keys only), the sender reads subscribers fresh at send time and moves their
 * watermark forward after a digest.
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { batchGetAll } from '../shared/dynamo';
import { ALERT_SHARDS, SubscribersTable } from '../shared/tables';
import { isLive, subscriberFromItem } from '../subscriptions/store';
import type { Subscriber, Tier } from '../subscriptions/subscriber';
import { tierShards } from '../subscriptions/tiers';

export const SHARDS = Array.from({ length: ALERT_SHARDS }, (_, i) => i);

export interface AudiencePage {
  ids: string[];
  /** Opaque: where the next page starts, or undefined at the end of the shard. */
  next: string | undefined;
}

/** A subscriber as the sender sees it: with the jobs of their last digest, never to be sent again. */
export type AudienceMember = Subscriber & { lastDigestJobIds: string[] };

export interface AudienceStore {
  page(tier: Tier, shard: number, start: string | undefined, limit: number): Promise<AudiencePage>;
  getMany(ids: readonly string[]): Promise<AudienceMember[]>;
  /** Moves lastDigestAt forward (never back) and remembers the jobs just sent. */
  advance(id: string, watermark: string, jobIds: readonly string[]): Promise<void>;
}

export class DynamoAudienceStore implements AudienceStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async page(tier: Tier, shard: number, start: string | undefined, limit: number): Promise<AudiencePage> {
    const index = SubscribersTable.globalSecondaryIndexes[0];
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index.indexName,
        KeyConditionExpression: 'alertShard = :s',
        ExpressionAttributeValues: { ':s': tierShards(tier)[shard] },
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
}
