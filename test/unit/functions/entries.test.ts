/**
 * Every deployed entry is wrapped the Powertools way: metrics are flushed after each invocation,
 * also when the handler throws (AWS mocked to fail), and the logger carries the invocation's context.
 */
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Event, ScheduledEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import middy from '@middy/core';
import { withPowertools } from '../../../lambdas/app/powertools';
import { logger, metrics, untraced } from '../../../lambdas/shared/logging';
import { httpEvent, lambdaContext } from '../../support/events';
import { sesFixture, snsEvent } from '../../support/ses';
import { TABLE_ENV } from '../../support/table-env';

const dynamo = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
mockClient(SQSClient);

Object.assign(process.env, {
  ...TABLE_ENV,
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:tokens',
  ADMIN_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:admin',
  PUBLIC_BASE_URL: 'https://api.careerwire.example',
  SENDER_EMAIL: 'alerts@careerwire.example',
  PLANNER_FUNCTION_NAME: 'planner-fn',
  PLUS_DIGEST_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/plus',
  FREE_DIGEST_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/free',
  CONTENT_BUCKET: 'content',
  JOB_FEEDS: 'board=https://jobs.example/feed.json',
  AWS_LAMBDA_FUNCTION_NAME: 'careerwire-test',
  AWS_REGION: 'us-east-1',
});
delete process.env.TOKEN_KEYS_FILE;
delete process.env.ADMIN_API_KEY;

const failure = Object.assign(new Error('DynamoDB is down'), { name: 'InternalServerError' });
let flushes: jest.SpyInstance;
beforeEach(() => {
  dynamo.reset();
  s3.reset();
  dynamo.onAnyCommand().rejects(failure);
  s3.on(GetObjectCommand).rejects(failure);
  flushes = jest.spyOn(metrics, 'publishStoredMetrics');
});
afterEach(() => flushes.mockRestore());

const sqsEvent: SQSEvent = {
  Records: [
    {
      messageId: 'm1',
      receiptHandle: 'rh',
      body: 'not a digest message',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:plus',
      awsRegion: 'us-east-1',
    },
  ],
};
const s3Event = {
  Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'content' }, object: { key: 'guides/nurse.md', sequencer: '01', size: 1 } } }],
} as S3Event;
const scheduled: ScheduledEvent = { version: '0', id: 'e', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '1', time: '', region: 'us-east-1', resources: [], detail: {} };

it.each([
  ['feedback', async () => (await import('../../../lambdas/functions/feedback')).handler(snsEvent(sesFixture('complaint')), lambdaContext)],
  ['digest-planner', async () => (await import('../../../lambdas/functions/digest-planner')).handler({ tier: 'plus' }, lambdaContext)],
  ['job-sync', async () => (await import('../../../lambdas/functions/job-sync')).handler(scheduled, lambdaContext)],
  ['ingest', async () => (await import('../../../lambdas/functions/ingest')).handler(s3Event, lambdaContext)],
])('%s: the handler throws, and the metrics are flushed all the same', async (_name, invoke) => {
  await expect(invoke()).rejects.toThrow();
  expect(flushes).toHaveBeenCalledTimes(1);
});

it.each([
  ['api', async () => (await import('../../../lambdas/functions/api')).handler(httpEvent('GET', '/guides/nurse'), lambdaContext)],
  ['subscriptions', async () => (await import('../../../lambdas/functions/subscriptions')).handler(httpEvent('GET', '/subscribe'), lambdaContext)],
  ['admin', async () => (await import('../../../lambdas/functions/admin')).handler(httpEvent('GET', '/admin/runs/r1', { headers: { 'x-api-key': 'k' } }), lambdaContext)],
  ['digest-sender', async () => (await import('../../../lambdas/functions/digest-sender')).handler(sqsEvent, lambdaContext)],
])('%s: a failure is answered, not thrown (5xx, batch item failure), and the metrics are flushed', async (_name, invoke) => {
  await invoke();
  expect(flushes).toHaveBeenCalledTimes(1);
});

it('flushes what the handler counted before it threw, and gives the logger the invocation\'s context first', async () => {
  const addContext = jest.spyOn(logger, 'addContext');
  const order: string[] = [];
  addContext.mockImplementation((context) => void order.push(`context ${context.awsRequestId}`));
  flushes.mockImplementation(function (this: typeof metrics) {
    order.push(`flush with metrics: ${String(this.hasStoredMetrics())}`);
    return this;
  });
  const handler = withPowertools(
    middy,
    async () => {
      order.push('handler');
      metrics.addMetric('Counted', MetricUnit.Count, 1);
      throw new Error('boom');
    },
    untraced,
  );
  try {
    await expect(handler({}, { ...lambdaContext, awsRequestId: 'req-42' })).rejects.toThrow('boom');
  } finally {
    addContext.mockRestore();
  }
  expect(order).toEqual(['context req-42', 'handler', 'flush with metrics: true']);
});
