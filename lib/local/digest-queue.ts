/**
 * The local stand-in for the digest SQS queue and its event source mapping: messages are handed to
 * the real sender handler in SQS-shaped batches of up to 10; the ones it reports in
 * batchItemFailures come back on the next round (after a growing pause), and after 5 receives they go
 * to a dead-letter list, as the deployed redrive policy does.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { DigestMessage, DigestQueue } from '../../lambdas/alerts/queue';

export const MAX_RECEIVES = 5;

interface Queued {
  messageId: string;
  body: string;
  receiveCount: number;
}

export class LocalDigestQueue implements DigestQueue {
  private pending: Queued[] = [];
  readonly deadLetters: Queued[] = [];

  constructor(
    private readonly handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
    /**
     * Pause before a message comes back, like a visibility timeout (short: this is a laptop), tripled at
     * each receive up to maxRedeliveryDelayMs: the 5 receives then span ~8 s, so a dependency down
     * for a few seconds (DynamoDB restarting) does not dead-letter a run, as the deployed queue's
     * minutes-long visibility timeout would not.
     */
    private readonly redeliveryDelayMs = 200,
    private readonly maxRedeliveryDelayMs = 5_000,
  ) {}

  async send(messages: readonly DigestMessage[]): Promise<void> {
    for (const m of messages) this.pending.push({ messageId: randomUUID(), body: JSON.stringify(m), receiveCount: 0 });
  }

  get size(): number {
    return this.pending.length;
  }

  /** Delivers until the queue is empty (or only dead letters remain). */
  async drain(): Promise<{ delivered: number; deadLettered: number }> {
    let delivered = 0;
    while (this.pending.length > 0) {
      const round = this.pending;
      this.pending = [];
      const retry: Queued[] = [];
      for (let i = 0; i < round.length; i += 10) {
        const batch = round.slice(i, i + 10);
        for (const q of batch) q.receiveCount++;
        const result = await this.handler({ Records: batch.map(toRecord) });
        const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
        for (const q of batch) {
          if (!failed.has(q.messageId)) delivered++;
          else if (q.receiveCount >= MAX_RECEIVES) this.deadLetters.push(q);
          else retry.push(q);
        }
      }
      this.pending.push(...retry);
      if (retry.length > 0) {
        const receives = Math.max(...retry.map((q) => q.receiveCount));
        const delay = Math.min(this.maxRedeliveryDelayMs, this.redeliveryDelayMs * 3 ** (receives - 1));
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    return { delivered, deadLettered: this.deadLetters.length };
  }
}

function toRecord(q: Queued): SQSRecord {
  return {
    messageId: q.messageId,
    receiptHandle: q.messageId,
    body: q.body,
    attributes: {
      ApproximateReceiveCount: String(q.receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:digests',
    awsRegion: 'local',
  };
}
