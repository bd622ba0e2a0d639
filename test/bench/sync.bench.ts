/**
 * What a job sync costs in DynamoDB requests: a feed of 1,000 jobs synced into dynalite, then synced
 * again unchanged (full body, no validators: the worst case) and again with a 304. Counted by command,
 * beside the first sync that wrote everything. Target: the unchanged syncs make no writes and batch
 * their reads (1,000 jobs → 10 BatchGetItem).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoFeedStateStore, DynamoJobStore } from '../../lambdas/jobs/store';
import { guideLinker, syncFeeds } from '../../lambdas/jobs/sync';
import { SAMPLE_FEED_ANCHOR } from '../../lambdas/jobs/samples';
import { shiftFeedDates } from '../../lambdas/jobs/dates';
import { documentClient } from '../../lambdas/shared/dynamo';
import { FeedsTable, JobsTable } from '../../lambdas/shared/tables';
import { closeServer, ensureTables, startDynalite } from '../../lib/local/dynamodb';
import { jsonFeed } from './jobs.bench';
import { MemoryGuideStore } from '../support/memory/guides';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const JOBS = 1_000;

export async function benchSync(): Promise<BenchResult[]> {
  const now = new Date();
  const body = shiftFeedDates(jsonFeed(JOBS), 'json', SAMPLE_FEED_ANCHOR, now);
  let validators = false;
  const server = createServer((req, res) => {
    if (validators && req.headers['if-none-match'] === '"v"') return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/json', ...(validators ? { etag: '"v"' } : {}) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dynamo = await startDynalite(0);
  try {
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const calls = new Map<string, number>();
    client.middlewareStack.add(
      (next, ctx) => async (args) => {
        calls.set(String(ctx.commandName), (calls.get(String(ctx.commandName)) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'count' },
    );
    await ensureTables(client, [JobsTable, FeedsTable], (d) => d.id);
    const doc = documentClient(client);
    const deps = {
      jobs: new DynamoJobStore(doc, JobsTable.id),
      feedStates: new DynamoFeedStateStore(doc, FeedsTable.id),
      linkGuide: await guideLinker(new MemoryGuideStore()),
      now: () => now,
    };
    const feeds = [{ name: 'bench', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs.json` }];
    const run = async (label: string) => {
      calls.clear();
      const started = performance.now();
      const summary = await syncFeeds(feeds, deps);
      const ms = performance.now() - started;
      const count = (name: string) => calls.get(name) ?? 0;
      const writes = count('BatchWriteItemCommand') + count('PutItemCommand') + count('UpdateItemCommand') + count('DeleteItemCommand');
      return [
        { name: `sync.${label}.jobs-written`, value: summary.totals.written, unit: 'jobs' },
        { name: `sync.${label}.dynamodb-write-requests`, value: writes, unit: 'requests' },
        { name: `sync.${label}.dynamodb-read-requests`, value: count('BatchGetItemCommand') + count('GetItemCommand'), unit: 'requests' },
        { name: `sync.${label}.wall-time`, value: Math.round(ms), unit: 'ms' },
      ];
    };
    const results = [...(await run('first-1000-new'))];
    results.push(...(await run('1000-unchanged-full-body')));
    validators = true;
    await run('prime-etag');
    results.push(...(await run('1000-unchanged-304')));
    return results;
  } finally {
    await dynamo.close();
    await closeServer(server);
  }
}
