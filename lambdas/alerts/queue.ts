/** The digest work queue: SQS in AWS, an in-process queue locally. Messages carry subscriber ids only. */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ALERT_LIMITS } from '../shared/limits';
import type { Tier } from '../subscriptions/subscriber';

export interface DigestMessage {
  runId: string;
  tier: Tier;
  /** The run's key, e.g. "plus@2026-11-27T07:00Z" (each subscriber's period is cut in their zone). */
  period: string;
  /** ISO: jobs posted after it are for the next digest. */
  cutoff: string;
  dryRun: boolean;
  /** Every zone is due (an operator's run): no subscriber is skipped for their zone. */
  allZones?: boolean;
  /** Read from a legacy shard (planned by the default zone's run): delivered whatever their zone, then re-keyed. */
  legacy?: boolean;
  subscriberIds: string[];
}

export interface DigestQueue {
  send(messages: readonly DigestMessage[]): Promise<void>;
}

export function parseDigestMessage(body: string): DigestMessage {
  const m = JSON.parse(body) as Partial<DigestMessage>;
  if (
    typeof m.runId !== 'string' ||
    (m.tier !== 'free' && m.tier !== 'plus') ||
    typeof m.period !== 'string' ||
    typeof m.cutoff !== 'string' ||
    !Array.isArray(m.subscriberIds) ||
    !m.subscriberIds.every((id) => typeof id === 'string')
  ) {
    throw new Error('not a digest message');
  }
  return {
    runId: m.runId,
    tier: m.tier,
    period: m.period,
    cutoff: m.cutoff,
    dryRun: m.dryRun === true,
    ...(m.allZones === true ? { allZones: true } : {}),
    ...(m.legacy === true ? { legacy: true } : {}),
    subscriberIds: m.subscriberIds,
  };
}

/** The digest queues in SQS: each message goes to its tier's queue (Plus and Free apart). */
export class SqsDigestQueue implements DigestQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Readonly<Record<Tier, string>>,
  ) {}

  async send(messages: readonly DigestMessage[]): Promise<void> {
    for (const tier of ['plus', 'free'] as const) {
      const own = messages.filter((m) => m.tier === tier);
      if (own.length > 0) await this.sendTo(this.queueUrls[tier], own);
    }
  }

  private async sendTo(queueUrl: string, messages: readonly DigestMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += ALERT_LIMITS.sqsBatchEntries) {
      let entries = messages.slice(i, i + ALERT_LIMITS.sqsBatchEntries).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) }));
      for (let attempt = 0; entries.length > 0; attempt++) {
        if (attempt > 5) throw new Error(`${entries.length} digest messages could not be queued`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        const out = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
      }
    }
  }
}
