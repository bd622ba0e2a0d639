/** DynamoJobStore on dynalite: month partitions, newest-first paging across them, expiry filtering. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../lambdas/jobs/job';
import { DynamoJobStore, monthsBetween } from '../../lambdas/jobs/store';
import { documentClient } from '../../lambdas/shared/dynamo';
import { JobsTable } from '../../lambdas/shared/tables';
import { ensureTables, startDynalite, type RunningDynamo } from '../../lib/local/dynamodb';

let dynamo: RunningDynamo;
let store: DynamoJobStore;
let calls: string[];
const NOW = new Date('2026-11-27T12:00:00.000Z');

const job = (id: string, postedAt: string, title = `Job ${id}`): Job => ({
  id: `t:${id}`, source: 't', sourceId: id, title, company: 'Acme', companyLogo: null, industries: ['Software'],
  types: ['full-time'], geo: 'Anywhere', remote: true, level: null, salary: null, postedAt, excerpt: '', url: 'https://x.example/',
  tags: [], guideSlug: null, contentHash: id.padEnd(64, '0'),
});

beforeAll(async () => {
  dynamo = await startDynalite(0);
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  calls = [];
  client.middlewareStack.add((next, ctx) => async (args) => (calls.push(String(ctx.commandName)), next(args)), { step: 'initialize', name: 'count' });
  await ensureTables(client, [JobsTable], (d) => d.id);
  store = new DynamoJobStore(documentClient(client), JobsTable.id);
  await store.putAll([
    job('old', '2026-09-20T10:00:00.000Z'), // 68 days before NOW: past the 60-day TTL
    job('oct1', '2026-10-05T10:00:00.000Z'),
    job('oct2', '2026-10-30T23:59:59.000Z'),
    job('nov1', '2026-11-01T00:00:00.000Z'),
    job('nov2', '2026-11-20T08:00:00.000Z'),
    job('nov3', '2026-11-26T08:00:00.000Z', 'Nurse'),
  ]);
});
afterAll(() => dynamo?.close());

it('lists newest first across month partitions, with Queries only, never a Scan', async () => {
  calls.length = 0;
  const page = await store.listNewest({ since: new Date('2026-10-01T00:00:00.000Z'), now: NOW, limit: 10 });
  expect(page.jobs.map((j) => j.sourceId)).toEqual(['nov3', 'nov2', 'nov1', 'oct2', 'oct1']);
  expect(page.next).toBeNull();
  expect(calls).toEqual(['QueryCommand', 'QueryCommand']);
});

it('pages with a position that resumes inside or across months', async () => {
  const since = new Date('2026-10-01T00:00:00.000Z');
  const first = await store.listNewest({ since, now: NOW, limit: 3 });
  expect(first.jobs.map((j) => j.sourceId)).toEqual(['nov3', 'nov2', 'nov1']);
  const second = await store.listNewest({ since, now: NOW, limit: 3, after: first.next! });
  expect(second.jobs.map((j) => j.sourceId)).toEqual(['oct2', 'oct1']);
});

it('applies since exactly and the filter while reading', async () => {
  const page = await store.listNewest({ since: new Date('2026-11-01T00:00:00.000Z'), now: NOW, limit: 10, keep: (j) => j.title !== 'Nurse' });
  expect(page.jobs.map((j) => j.sourceId)).toEqual(['nov2', 'nov1']);
});

it('never returns an expired job, though DynamoDB has not deleted it yet', async () => {
  const page = await store.listNewest({ since: new Date('2026-09-01T00:00:00.000Z'), now: NOW, limit: 10 });
  expect(page.jobs.map((j) => j.sourceId)).not.toContain('old');
  expect(await store.get('t:old', NOW)).toBeNull();
  expect(await store.get('t:nov1', NOW)).toMatchObject({ title: 'Job nov1' });
  const raw = await documentClient(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }))
    .send(new QueryCommand({ TableName: JobsTable.id, IndexName: 'byPostedMonth', KeyConditionExpression: 'postedMonth = :m', ExpressionAttributeValues: { ':m': '2026-09' } }));
  expect(raw.Items).toHaveLength(1);
});

it('knows the months a period touches', () => {
  expect(monthsBetween(new Date('2025-12-15T00:00:00Z'), new Date('2026-02-01T00:00:00Z'))).toEqual(['2026-02', '2026-01', '2025-12']);
});
