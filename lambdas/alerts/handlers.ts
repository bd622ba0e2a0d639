/**
 * The sender's Lambda-shaped handler, over the pure sender (the planner's is in planner-handler.ts, so
 * the planner function loads neither SQS message control nor Powertools Batch). The composition roots
 * in lambdas/app/ build them for the entries and for the local stack alike.
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ALERT_LIMITS } from '../shared/limits';
import { logger, metrics } from '../shared/logging';
import { parseDigestMessage } from './queue';
import type { Sender } from './sender';


/**
 * What the sender handler may do to a message besides failing it: SQS calls in AWS, the in-process
 * queue locally.
 */
export interface MessageControl {
  /** Keeps the message out of sight `seconds` from now; reported as a batch item failure, it then comes back. */
  delay(record: SQSRecord, seconds: number): Promise<void>;
  /** Puts a fresh copy on the record's queue, visible after `seconds` (at most 900); its receive count starts again. */
  requeue(record: SQSRecord, seconds: number): Promise<void>;
}

/** SQS's MessageControl: ChangeMessageVisibility, and SendMessage with DelaySeconds, on the record's own queue. */
export class SqsMessageControl implements MessageControl {
  constructor(private readonly sqs: SQSClient) {}

  async delay(record: SQSRecord, seconds: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: queueUrlOf(record.eventSourceARN), ReceiptHandle: record.receiptHandle, VisibilityTimeout: Math.min(seconds, 43_200) }),
    );
  }

  async requeue(record: SQSRecord, seconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrlOf(record.eventSourceARN), MessageBody: record.body, DelaySeconds: Math.min(seconds, ALERT_LIMITS.requeueMaxDelaySeconds) }),
    );
  }
}

/** arn:aws:sqs:<region>:<account>:<name> → the queue's URL, without a GetQueueUrl call (or its grant). */
export function queueUrlOf(arn: string): string {
  const [, partition, service, region, account, name] = arn.split(':');
  if (service !== 'sqs' || !region || !account || !name) throw new Error(`not an SQS queue ARN: ${arn}`);
  return `https://sqs.${region}.amazonaws.${partition === 'aws-cn' ? 'com.cn' : 'com'}/${account}/${name}`;
}

/** A record to report in batchItemFailures, already logged: SQS brings it back (or dead-letters it). */
class ReportFailed extends Error {
  override readonly name = 'ReportFailed';
}

/**
 * SQS → sender, with partial batch responses (Powertools Batch, one record after another: the sender's
 * rate limiter paces them): only the messages that need another try come back. A message SES made wait
 * comes back after its deferral (ChangeMessageVisibility, then reported failed); on its last receive
 * but one it is put back as a fresh copy instead (reported done), so waiting on SES never dead-letters
 * it. A batch that fails whole is answered the same way, not thrown: the deferrals are already set.
 */
export function senderHandler(sender: Sender, control: MessageControl) {
  const processRecord = async (record: SQSRecord): Promise<void> => {
    let message;
    try {
      message = parseDigestMessage(record.body);
    } catch {
      // Not a message the planner wrote: it fails every receive and lands in the DLQ, whose alarm
      // tells an operator. Nothing is dropped silently.
      logger.error('malformed digest message', { messageId: record.messageId });
      throw new ReportFailed('malformed');
    }
    const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
    let result;
    try {
      result = await sender.process(message, receives);
    } catch (error) {
      logger.error('digest message failed', { messageId: record.messageId, error: String(error) });
      throw new ReportFailed('failed');
    }
    const { retry, defer, outcomes, throttled } = result;
    for (const [outcome, n] of Object.entries(outcomes)) {
      const kind = outcome === 'sent' ? 'DigestsSent' : outcome.startsWith('failed') ? 'DigestsFailed' : 'DigestsSkipped';
      metrics.addMetric(kind, MetricUnit.Count, n ?? 0);
    }
    metrics.addMetric(message.tier === 'plus' ? 'PlusDigestsSent' : 'FreeDigestsSent', MetricUnit.Count, outcomes.sent ?? 0);
    metrics.addMetric('SesThrottled', MetricUnit.Count, throttled);
    if (defer !== undefined) {
      metrics.addMetric(defer.reason === 'throttled' ? 'DigestsDeferredThrottled' : defer.reason === 'paused' ? 'DigestsDeferredPaused' : 'DigestsDeferredConfiguration', MetricUnit.Count, 1);
      logger.warn('digest message deferred', { messageId: record.messageId, reason: defer.reason, seconds: defer.seconds, receives });
      if (await deferred(control, record, receives, defer.seconds)) return;
      throw new ReportFailed('deferred');
    }
    if (retry) throw new ReportFailed('retry');
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    // A processor per batch: it keeps the batch's records and failures.
    const processor = new BatchProcessor(EventType.SQS);
    const response = await processPartialResponse(event, processRecord, processor, {
      ...(context !== undefined ? { context } : {}),
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
    metrics.addMetric('DigestMessagesRetried', MetricUnit.Count, response.batchItemFailures.length);
    return response;
  };
}

/**
 * Puts a deferred message back: true when a fresh copy replaced it (report it done), false when it
 * should be reported failed (its visibility is set, or if that failed, the queue's own timeout holds).
 */
async function deferred(control: MessageControl, record: SQSRecord, receives: number, seconds: number): Promise<boolean> {
  try {
    if (receives >= ALERT_LIMITS.maxReceives - 1) {
      await control.requeue(record, seconds);
      return true;
    }
    await control.delay(record, seconds);
  } catch (error) {
    logger.error('digest message could not be deferred', { messageId: record.messageId, error: String(error) });
  }
  return false;
}
