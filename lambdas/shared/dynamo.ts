/**
 * DynamoDB client construction and the batch helpers every store uses: BatchWriteItem and
 * BatchGetItem in chunks, with UnprocessedItems/UnprocessedKeys retried with capped exponential
 * backoff and full jitter, as AWS recommends.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  type BatchWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { LIMITS } from './limits';

export function documentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export class BatchIncompleteError extends Error {
  override readonly name = 'BatchIncompleteError';
}

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function backoffMs(attempt: number, baseMs = 50, capMs = 5_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

export interface BatchOptions {
  sleep?: Sleep;
  retries?: number;
  /** Strongly consistent reads (BatchGetItem only). */
  consistent?: boolean;
}

/** Writes every request; throws BatchIncompleteError if some stay unprocessed after the retries. */
export async function batchWriteAll(
  doc: DynamoDBDocumentClient,
  table: string,
  requests: WriteRequest[],
  { sleep: wait = sleep, retries = LIMITS.batchRetries }: BatchOptions = {},
): Promise<{ calls: number }> {
  let calls = 0;
  for (let i = 0; i < requests.length; i += LIMITS.batchWriteItems) {
    let pending = requests.slice(i, i + LIMITS.batchWriteItems);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > retries) {
        throw new BatchIncompleteError(`${pending.length} writes to ${table} still unprocessed after ${retries} retries`);
      }
      if (attempt > 0) await wait(backoffMs(attempt));
      calls++;
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  }
  return { calls };
}

/** Reads every key (any order); throws BatchIncompleteError if some stay unprocessed. */
export async function batchGetAll<T extends Record<string, unknown>>(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: Record<string, unknown>[],
  projection: string[] | undefined,
  { sleep: wait = sleep, retries = LIMITS.batchRetries, consistent = false }: BatchOptions = {},
): Promise<T[]> {
  const items: T[] = [];
  const names: Record<string, string> = {};
  projection?.forEach((attr, i) => (names[`#p${i}`] = attr));
  const projectionExpression = projection?.map((_, i) => `#p${i}`).join(', ');
  for (let i = 0; i < keys.length; i += LIMITS.batchGetItems) {
    let pending = keys.slice(i, i + LIMITS.batchGetItems);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > retries) {
        throw new BatchIncompleteError(`${pending.length} reads from ${table} still unprocessed after ${retries} retries`);
      }
      if (attempt > 0) await wait(backoffMs(attempt));
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ...(consistent ? { ConsistentRead: true } : {}),
              ...(projectionExpression !== undefined
                ? { ProjectionExpression: projectionExpression, ExpressionAttributeNames: names }
                : {}),
            },
          },
        }),
      );
      items.push(...((out.Responses?.[table] ?? []) as T[]));
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return items;
}
