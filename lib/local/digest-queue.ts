/**
 * The local stand-in for the two digest SQS queues (Plus and Free) and their event source mappings:
 * messages are handed to the real sender handler in SQS-shaped batches of up to 10, Plus messages
 * before any Free one (in AWS each tier has its own queue and senders, so a big Free run never holds
 * Plus back). The ones it reports in batchItemFailures come back on a later round (after a growing
 * pause), and after 5 receives they go to a dead-letter list, as the deployed redrive policy does. A
 * message the sender defers (SES throttling, a paused account) is kept out of sight for its
 * deferral, scaled down (this is a laptop), and a requeued copy starts its receive count again.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { MessageControl } from '../../lambdas/alerts/handlers';
import type { DigestMessage, DigestQueue } from '../../lambdas/alerts/queue';
import { ALERT_LIMITS } from '../../lambdas/shared/limits';
import type { Tier } from '../../lambdas/subscriptions/subscriber';

export const MAX_RECEIVES = ALERT_LIMITS.maxReceives;

interface Queued {
  messageId: string;
  body: string;
  tier: Tier;
  receiveCount: number;
  /** Epoch ms before which the message is out of sight (a deferral). */
  visibleAt: number;
}

export interface LocalQueueOptions {
  /**
   * Pause before a failed message comes back, like a visibility timeout (short: this is a laptop),
   * tripled at each receive up to maxRedeliveryDelayMs: the 5 receives then span ~8 s, so a
   * dependency down for a few seconds (DynamoDB restarting) does not dead-letter a run, as the
   * deployed queue's minutes-long visibility timeout would not.
   */
  redeliveryDelayMs?: number;
  maxRedeliveryDelayMs?: number;
  /** Milliseconds a deferral of one second lasts here: 30 s of throttling backoff is 300 ms. */
  msPerDeferredSecond?: number;
}

export class LocalDigestQueue implements DigestQueue, MessageControl {
  private pending: Queued[] = [];
  readonly deadLetters: Queued[] = [];
  /** Messages the sender deferred (visibility set or requeued), for tests and the run summary. */
  deferrals = 0;
  private readonly inFlight = new Map<string, Queued>();
  /** In-flight messages a fresh copy replaced: done, but not delivered. */
  private readonly replaced = new Set<string>();
  private readonly redeliveryDelayMs: number;
  private readonly maxRedeliveryDelayMs: number;
  private readonly msPerDeferredSecond: number;

  constructor(
    private readonly handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
    options: LocalQueueOptions = {},
  ) {
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 200;
    this.maxRedeliveryDelayMs = options.maxRedeliveryDelayMs ?? 5_000;
    this.msPerDeferredSecond = options.msPerDeferredSecond ?? 10;
  }

  async send(messages: readonly DigestMessage[]): Promise<void> {
    for (const m of messages) this.pending.push({ messageId: randomUUID(), body: JSON.stringify(m), tier: m.tier, receiveCount: 0, visibleAt: 0 });
  }

  get size(): number {
    return this.pending.length;
  }

  async delay(record: SQSRecord, seconds: number): Promise<void> {
    const q = this.inFlight.get(record.messageId);
    if (q === undefined) throw new Error(`message ${record.messageId} is not in flight`);
    q.visibleAt = Date.now() + seconds * this.msPerDeferredSecond;
    this.deferrals++;
  }

  async requeue(record: SQSRecord, seconds: number): Promise<void> {
    const q = this.inFlight.get(record.messageId);
    if (q === undefined) throw new Error(`message ${record.messageId} is not in flight`);
    const delay = Math.min(seconds, ALERT_LIMITS.requeueMaxDelaySeconds) * this.msPerDeferredSecond;
    this.pending.push({ messageId: randomUUID(), body: q.body, tier: q.tier, receiveCount: 0, visibleAt: Date.now() + delay });
    this.replaced.add(q.messageId);
    this.deferrals++;
  }

  /** Delivers until the queue is empty (or only dead letters remain). */
  async drain(): Promise<{ delivered: number; deadLettered: number }> {
    let delivered = 0;
    while (this.pending.length > 0) {
      const now = Date.now();
      const visible = this.pending.filter((q) => q.visibleAt <= now);
      if (visible.length === 0) {
        await pause(Math.min(...this.pending.map((q) => q.visibleAt)) - now);
        continue;
      }
      this.pending = this.pending.filter((q) => q.visibleAt > now);
      // Plus first: its queue's senders never wait behind Free messages.
      const round = [...visible.filter((q) => q.tier === 'plus'), ...visible.filter((q) => q.tier !== 'plus')];
      const retry: Queued[] = [];
      for (let i = 0; i < round.length; i += 10) {
        const batch = round.slice(i, i + 10);
        for (const q of batch) {
          q.receiveCount++;
          this.inFlight.set(q.messageId, q);
        }
        let failed: Set<string>;
        try {
          const result = await this.handler({ Records: batch.map(toRecord) });
          failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
        } finally {
          for (const q of batch) this.inFlight.delete(q.messageId);
        }
        for (const q of batch) {
          if (this.replaced.delete(q.messageId)) continue;
          if (!failed.has(q.messageId)) delivered++;
          else if (q.receiveCount >= MAX_RECEIVES) this.deadLetters.push(q);
          else {
            // A failure without a deferral comes back after the growing pause.
            if (q.visibleAt <= Date.now()) q.visibleAt = Date.now() + Math.min(this.maxRedeliveryDelayMs, this.redeliveryDelayMs * 3 ** (q.receiveCount - 1));
            retry.push(q);
          }
        }
      }
      this.pending.push(...retry);
    }
    return { delivered, deadLettered: this.deadLetters.length };
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

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
    eventSourceARN: `arn:aws:sqs:local:000000000000:digests-${q.tier}`,
    awsRegion: 'local',
  };
}
