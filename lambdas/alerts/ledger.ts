/**
 * The delivery ledger: one item per (subscriber, period). A sender claims the item with a conditional
 * write before it sends and marks it sent after, so a rerun, a redelivered message or a racing sender
 * finds it taken. A claim older than the lease is a dead sender's and may be taken over. The one gap:
 * a sender that dies after SES accepted the message and before markSent (documented in the README).
 */
import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ALERT_LIMITS } from '../shared/limits';

export type DeliveryStatus = 'claimed' | 'sent' | 'empty' | 'rejected';

export interface Delivery {
  subscriberId: string;
  period: string;
  status: DeliveryStatus;
  runId: string;
  claimToken?: string;
  claimedAt: string;
  sentAt?: string;
  messageId?: string;
  jobIds?: string[];
  reason?: string;
}

export type ClaimResult =
  | { outcome: 'claimed'; token: string }
  /** Already finished in this period (sent, empty or rejected): nothing to do. */
  | { outcome: 'done'; status: DeliveryStatus }
  /** Another live sender holds it. */
  | { outcome: 'busy' };

export interface Ledger {
  claim(subscriberId: string, period: string, runId: string, now: Date): Promise<ClaimResult>;
  finish(
    subscriberId: string,
    period: string,
    token: string,
    result: { status: 'sent' | 'empty' | 'rejected'; at: Date; messageId?: string; jobIds?: string[]; reason?: string },
  ): Promise<void>;
  /** Gives a claim back (a retryable failure), so the next attempt need not wait for the lease. */
  release(subscriberId: string, period: string, token: string): Promise<void>;
  get(subscriberId: string, period: string): Promise<Delivery | null>;
}

const ttl = (now: Date) => Math.floor(now.getTime() / 1000) + ALERT_LIMITS.ledgerTtlDays * 86_400;

export class DynamoLedger implements Ledger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly leaseMs: number = ALERT_LIMITS.claimLeaseMs,
  ) {}

  async claim(subscriberId: string, period: string, runId: string, now: Date): Promise<ClaimResult> {
    const token = randomUUID();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { subscriberId, period, status: 'claimed', runId, claimToken: token, claimedAt: now.toISOString(), expiresAt: ttl(now) },
          ConditionExpression: 'attribute_not_exists(subscriberId) OR (#s = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': new Date(now.getTime() - this.leaseMs).toISOString() },
        }),
      );
      return { outcome: 'claimed', token };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(subscriberId, period);
      if (existing === null) return this.claim(subscriberId, period, runId, now); // erased meanwhile: try again
      // Our own write landed and its answer was lost (a timeout, then the SDK's retry): it is ours.
      if (existing.status === 'claimed' && existing.claimToken === token) return { outcome: 'claimed', token };
      return existing.status === 'claimed' ? { outcome: 'busy' } : { outcome: 'done', status: existing.status };
    }
  }

  async finish(
    subscriberId: string,
    period: string,
    token: string,
    result: Parameters<Ledger['finish']>[3],
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { subscriberId, period },
        UpdateExpression: 'SET #s = :status, finishedAt = :at, messageId = :mid, jobIds = :jobs, reason = :reason REMOVE claimToken',
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':status': result.status,
          ':at': result.at.toISOString(),
          ':mid': result.messageId ?? null,
          ':jobs': result.jobIds ?? [],
          ':reason': result.reason ?? null,
          ':token': token,
        },
      }),
    );
  }

  async release(subscriberId: string, period: string, token: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { subscriberId, period },
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      // Someone took over a stale claim: it is theirs now.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async get(subscriberId: string, period: string): Promise<Delivery | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { subscriberId, period }, ConsistentRead: true }));
    return (out.Item as Delivery | undefined) ?? null;
  }
}
