/**
 * The deployed ingest entry with S3 and DynamoDB mocked: S3 notifications become upserts and removals,
 * an unchanged guide costs no write, a bad file is reported and skipped while the others land.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { planS3Changes } from '../../../lambdas/guides/s3-events';
import { lambdaContext } from '../../support/events';

const s3 = mockClient(S3Client);
const dynamo = mockClient(DynamoDBDocumentClient);
const GUIDE = readFileSync(join(__dirname, '../../../content/guides/medical-office-administrator.md'), 'utf8');

const record = (eventName: string, key: string, sequencer = '0A'): S3EventRecord =>
  ({ eventName, s3: { bucket: { name: 'content' }, object: { key, sequencer, size: 1 } } }) as unknown as S3EventRecord;
/** The part of the SDK's streaming body the entry uses. */
const body = (text: string) => ({ transformToString: async () => text });

beforeAll(() => {
  process.env.GUIDES_TABLE = 'guides-t';
  process.env.CONTENT_BUCKET = 'content';
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  s3.reset();
  dynamo.reset();
});

const handler = async () => (await import('../../../lambdas/functions/ingest')).handler;

it('ingests a created guide, skips a bad one, and removes a deleted one', async () => {
  s3.on(GetObjectCommand, { Key: 'guides/medical-office-administrator.md' }).resolves({ Body: body(GUIDE), LastModified: new Date('2026-11-01T00:00:00Z') } as never);
  s3.on(GetObjectCommand, { Key: 'guides/broken.md' }).resolves({ Body: body('not a guide at all'), LastModified: new Date() } as never);
  dynamo.on(BatchGetCommand).resolves({ Responses: { 'guides-t': [] } });
  dynamo.on(BatchWriteCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
  const event: S3Event = {
    Records: [
      record('ObjectCreated:Put', 'guides/medical-office-administrator.md'),
      record('ObjectCreated:Put', 'guides/broken.md'),
      record('ObjectRemoved:Delete', 'guides/welder.md'),
      record('ObjectCreated:Put', 'guides/README.txt'),
    ],
  };
  await (await handler())(event, lambdaContext);

  const writes = dynamo.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems?.['guides-t'] ?? []);
  expect(writes.map((w) => w.PutRequest?.Item?.slug)).toEqual(['medical-office-administrator']);
  expect(dynamo.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)).toEqual([{ slug: 'welder' }]);
  expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key).sort()).toEqual(['guides/broken.md', 'guides/medical-office-administrator.md']);
});

it('writes nothing for a guide whose stored content hash is the same', async () => {
  s3.on(GetObjectCommand).resolves({ Body: body(GUIDE), LastModified: new Date('2026-11-01T00:00:00Z') } as never);
  const { parseGuide } = await import('../../../lambdas/guides/parse');
  const { contentHash } = await import('../../../lambdas/guides/hash');
  const guide = parseGuide(GUIDE, { file: 'x.md', slug: 'medical-office-administrator', updatedAt: '2026-11-01T00:00:00.000Z' });
  dynamo.on(BatchGetCommand).resolves({ Responses: { 'guides-t': [{ slug: guide.slug, contentHash: contentHash(guide) }] } });
  await (await handler())({ Records: [record('ObjectCreated:Put', 'guides/medical-office-administrator.md')] }, lambdaContext);
  expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
});

describe('planS3Changes', () => {
  it('keeps the last event per guide by sequencer, decodes keys, and ignores other objects', () => {
    const plan = planS3Changes([
      record('ObjectRemoved:Delete', 'guides/nurse.md', '0B'),
      record('ObjectCreated:Put', 'guides/nurse.md', '0A'),
      record('ObjectCreated:Put', 'guides/data+analyst.md', '01'),
      record('ObjectCreated:Put', 'guides/data-analyst.md', '02'),
      record('ObjectCreated:Copy', 'images/logo.png', '03'),
    ]);
    expect(plan.removals).toEqual(['nurse']);
    expect([...plan.upserts]).toEqual([['data-analyst', 'guides/data-analyst.md']]);
    expect(plan.ignored).toEqual(['guides/data analyst.md', 'images/logo.png']);
  });
});
