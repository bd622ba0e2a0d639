/**
 * Sign-up abuse limits. The per-address limit (3 confirmations a day) stops nobody from mailing a
 * million different addresses, so two more bound what sign-ups can cost:
 * - per client (source address; IPv6 by /64, what one subscriber line gets): at most N sign-ups that
 *   cost a confirmation email per hour. A sign-up that sends nothing (confirmed, suppressed, over the
 *   address's own limit) does not count;
 * - overall: at most M confirmation emails per hour, whoever asks, so complaints can never reach the
 *   rates at which SES pauses the account. Reaching it is alarmed.
 *
 * Beyond either, sign-ups are a 429 with Retry-After (the end of the window) and the same body for
 * every address: a full window is checked before anything depends on the address. Only requests
 * racing for the last slot of a window can see 202 for an address that costs nothing and 429 for one
 * that costs an email.
 *
 * The counters are fixed one-hour windows in DynamoDB, taken with a conditional UpdateItem, so they
 * hold across concurrent Lambda instances (and in dynalite). Clients are stored as a hash, for two hours.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { SIGN_UP_LIMITS } from '../shared/limits';
import { SubscriptionError } from './service';

export type LimitReached = 'client' | 'ceiling';

export interface SignUpLimits {
  /** Sign-ups that cost an email, per client per window. */
  perClient: number;
  /** Confirmation emails overall per window. */
  confirmationEmails: number;
}

/** Counters of fixed windows; the window is part of the key. */
export interface WindowCounters {
  /** The count of a window not yet expired; 0 for none. */
  count(key: string, now: Date): Promise<number>;
  /** Adds one unless the count has reached `limit`; false (nothing added) if it has. */
  increment(key: string, limit: number, expiresAt: Date): Promise<boolean>;
  /** Takes one back (the other window refused the email). */
  decrement(key: string): Promise<void>;
}

const tooMany = (retryAfterSeconds: number) => new SubscriptionError({ kind: 'too-many-sign-ups', retryAfterSeconds });

/**
 * The part of a source address that identifies one client: an IPv4 address (also when IPv6-mapped),
 * or the /64 prefix of an IPv6 address (one subscriber line holds billions of them).
 */
export function clientOf(sourceIp: string): string {
  const ip = sourceIp.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  if (mapped !== undefined) return mapped;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`;
}

const clientKey = (sourceIp: string) => createHash('sha256').update(`careerwire-client|${clientOf(sourceIp)}`).digest('base64url').slice(0, 22);

export class SignUpLimiter {
  constructor(
    private readonly counters: WindowCounters,
    private readonly limits: SignUpLimits,
    /** Told each time a limit turns a sign-up away (metrics). */
    private readonly onLimited: (limit: LimitReached) => void = () => undefined,
  ) {}

  private window(sourceIp: string, now: Date) {
    const length = SIGN_UP_LIMITS.windowSeconds;
    const start = Math.floor(now.getTime() / 1000 / length) * length;
    return {
      client: `client#${clientKey(sourceIp)}#${start}`,
      all: `confirmations#${start}`,
      expiresAt: new Date((start + length + SIGN_UP_LIMITS.keepSeconds) * 1000),
      retryAfter: Math.max(1, start + length - Math.floor(now.getTime() / 1000)),
    };
  }

  /** A 429 when the client's or the overall window is full: call it before anything depends on the address. */
  async check(sourceIp: string, now: Date): Promise<void> {
    const w = this.window(sourceIp, now);
    const [client, all] = await Promise.all([this.counters.count(w.client, now), this.counters.count(w.all, now)]);
    if (client >= this.limits.perClient) this.refuse('client', w.retryAfter);
    if (all >= this.limits.confirmationEmails) this.refuse('ceiling', w.retryAfter);
  }

  /** Counts one confirmation email against both windows, or a 429 that counts nothing. */
  async take(sourceIp: string, now: Date): Promise<void> {
    const w = this.window(sourceIp, now);
    if (!(await this.counters.increment(w.client, this.limits.perClient, w.expiresAt))) this.refuse('client', w.retryAfter);
    if (!(await this.counters.increment(w.all, this.limits.confirmationEmails, w.expiresAt))) {
      await this.counters.decrement(w.client);
      this.refuse('ceiling', w.retryAfter);
    }
  }

  private refuse(limit: LimitReached, retryAfter: number): never {
    this.onLimited(limit);
    throw tooMany(retryAfter);
  }
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/** The counters in the RateLimits table: `key`, `count`, `expiresAt` (epoch seconds, TTL). */
export class DynamoWindowCounters implements WindowCounters {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async count(key: string, now: Date): Promise<number> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }));
    const item = out.Item as { count?: number; expiresAt?: number } | undefined;
    // DynamoDB deletes expired items late: an expired window counts nothing.
    if (item === undefined || (item.expiresAt ?? 0) * 1000 <= now.getTime()) return 0;
    return item.count ?? 0;
  }

  async increment(key: string, limit: number, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { key },
          UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expiresAt': Math.floor(expiresAt.getTime() / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async decrement(key: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { key },
          UpdateExpression: 'ADD #count :minusOne',
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
