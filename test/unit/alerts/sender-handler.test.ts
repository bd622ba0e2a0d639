/**
 * The sender's SQS handler with aws-sdk-client-mock: a message SES made wait goes back with its
 * deferral as its visibility (ChangeMessageVisibility, then a batch item failure), and on its last
 * receive but one as a fresh copy with a delay (reported done), so waiting on SES never dead-letters it.
 */
import { ChangeMessageVisibilityCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsMessageControl, queueUrlOf, senderHandler } from '../../../lambdas/alerts/handlers';
import type { DigestMessage } from '../../../lambdas/alerts/queue';
import type { ProcessResult, Sender } from '../../../lambdas/alerts/sender';
import { ALERT_LIMITS } from '../../../lambdas/shared/limits';

const sqs = mockClient(SQSClient);
beforeEach(() => {
  sqs.reset();
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({ MessageId: 'copy' });
});

const ARN = 'arn:aws:sqs:eu-west-1:123456789012:careerwire-prod-alerts-PlusDigestQueue';
const URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/careerwire-prod-alerts-PlusDigestQueue';
const message: DigestMessage = { runId: 'r', tier: 'plus', period: 'plus#2026-11-27', cutoff: '2026-11-27T07:00:00.000Z', dryRun: false, subscriberIds: ['a', 'b'] };

function record(id: string, receives: number, body = JSON.stringify(message)): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body,
    attributes: { ApproximateReceiveCount: String(receives), SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: ARN,
    awsRegion: 'eu-west-1',
  };
}

/** A sender that answers each message with the given result and remembers the receive counts it saw. */
function fakeSender(result: ProcessResult) {
  const seen: number[] = [];
  const sender = { process: async (_m: DigestMessage, receives: number) => (seen.push(receives), result) } as unknown as Sender;
  return { sender, seen };
}

const handle = (result: ProcessResult, ...records: SQSRecord[]) => {
  const { sender, seen } = fakeSender(result);
  const run = senderHandler(sender, new SqsMessageControl(new SQSClient({ region: 'eu-west-1' })));
  return run({ Records: records } as SQSEvent).then((out) => ({ out, seen }));
};

it('derives the queue URL from the event source ARN', () => {
  expect(queueUrlOf(ARN)).toBe(URL);
  expect(() => queueUrlOf('arn:aws:sns:eu-west-1:1:topic')).toThrow(/not an SQS queue ARN/);
});

it('throttled: sets the message visibility to the backoff and reports it failed, so it comes back whole', async () => {
  const { out, seen } = await handle({ retry: false, defer: { reason: 'throttled', seconds: 60 }, outcomes: { sent: 1 }, throttled: 1 }, record('m1', 2));
  expect(seen).toEqual([2]);
  expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([{ QueueUrl: URL, ReceiptHandle: 'rh-m1', VisibilityTimeout: 60 }]);
  expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
});

it('a quota pause on the last receive but one: a fresh copy (receive count from zero) replaces it, nothing is dead-lettered', async () => {
  const last = ALERT_LIMITS.maxReceives - 1;
  const r = record('m1', last);
  const { out } = await handle({ retry: false, defer: { reason: 'paused', seconds: 3_600 }, outcomes: {}, throttled: 0 }, r);
  expect(out.batchItemFailures).toEqual([]);
  expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input)).toEqual([{ QueueUrl: URL, MessageBody: r.body, DelaySeconds: 900 }]);
  expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
});

it('a configuration error waits its hour as visibility, like a throttle', async () => {
  const { out } = await handle({ retry: false, defer: { reason: 'configuration', seconds: 3_600 }, outcomes: { sent: 1 }, throttled: 0 }, record('m1', 1));
  expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input.VisibilityTimeout).toBe(3_600);
});

it('if the copy cannot be sent, the message is reported failed rather than lost', async () => {
  sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
  const { out } = await handle({ retry: false, defer: { reason: 'throttled', seconds: 30 }, outcomes: {}, throttled: 1 }, record('m1', ALERT_LIMITS.maxReceives - 1));
  expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
});

it('an ordinary retry and a malformed body are plain batch item failures, with no visibility change', async () => {
  const { out } = await handle({ retry: true, outcomes: {}, throttled: 0 }, record('m1', 1), record('m2', 1, '{"nope":1}'));
  expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
  expect(sqs.calls()).toHaveLength(0);
});

it('a finished message is not reported', async () => {
  const { out } = await handle({ retry: false, outcomes: { sent: 2 }, throttled: 0 }, record('m1', 3));
  expect(out.batchItemFailures).toEqual([]);
  expect(sqs.calls()).toHaveLength(0);
});
