/**
 * Exactly-once under faults, on dynalite's real conditional writes: the same SQS batch delivered twice
 * at once, a sender killed halfway and the run finished by another, SES throttling injected with
 * aws-sdk-client-mock into the real SES v2 mailer (messages deferred through the local queue, none
 * dead-lettered), and a crashed planner resumed by its run id.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoAudienceStore } from '../../lambdas/alerts/audience';
import { DynamoLedger } from '../../lambdas/alerts/ledger';
import { startRun } from '../../lambdas/alerts/planner';
import type { DigestMessage } from '../../lambdas/alerts/queue';
import { RateLimiter } from '../../lambdas/alerts/rate-limiter';
import { renderDigest } from '../../lambdas/alerts/render';
import { senderHandler } from '../../lambdas/alerts/handlers';
import { DynamoRunStore, runIdFor } from '../../lambdas/alerts/runs';
import { Sender, type SenderDependencies } from '../../lambdas/alerts/sender';
import { DynamoJobStore } from '../../lambdas/jobs/store';
import type { Mailer, OutgoingEmail } from '../../lambdas/mail/mailer';
import { SesMailer } from '../../lambdas/mail/ses-mailer';
import { documentClient } from '../../lambdas/shared/dynamo';
import { DeliveriesTable, JobsTable, RunsTable, SubscribersTable, TABLES } from '../../lambdas/shared/tables';
import { subscriberId } from '../../lambdas/subscriptions/address';
import { alertShard } from '../../lambdas/subscriptions/tiers';
import { LocalDigestQueue } from '../../lib/local/digest-queue';
import { ensureTables, startDynalite, type RunningDynamo } from '../../lib/local/dynamodb';
import { syntheticJobs } from '../support/synthetic';
import { MemoryGuideStore } from '../support/memory/guides';

const NOW = new Date('2026-11-27T07:00:00.000Z');
const COUNT = 24;
let dynamo: RunningDynamo;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynalite(0);
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});
afterAll(() => dynamo?.close());

class Inbox implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  async send(email: OutgoingEmail) {
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
  perRecipient() {
    const counts = new Map<string, number>();
    for (const e of this.sent) counts.set(e.to, (counts.get(e.to) ?? 0) + 1);
    return counts;
  }
}

/** Fresh tables (own names per test), COUNT confirmed Plus subscribers, a day of jobs, and a planned run. */
async function world(name: string) {
  const tables = Object.fromEntries(TABLES.map((t) => [t.id, `${name}-${t.id}`]));
  await ensureTables(client, TABLES, (t) => tables[t.id] as string);
  const doc = documentClient(client);
  for (let i = 0; i < COUNT; i++) {
    const email = `reader${i}@example.com`;
    const id = subscriberId(email);
    await doc.send(
      new PutCommand({
        TableName: tables[SubscribersTable.id],
        Item: {
          id, email, status: 'confirmed', tier: 'plus', alertShard: alertShard(id, 'plus'),
          preferences: { keywords: [], industries: [], geos: [], jobTypes: [], guides: [] },
          createdAt: '2026-11-01T00:00:00.000Z', confirmedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', lastDigestAt: null,
        },
      }),
    );
  }
  const jobs = new DynamoJobStore(doc, tables[JobsTable.id] as string);
  await jobs.putAll(syntheticJobs(40, 9, NOW.getTime(), 20 * 3_600_000));
  const audience = new DynamoAudienceStore(doc, tables[SubscribersTable.id] as string);
  const runs = new DynamoRunStore(doc, tables[RunsTable.id] as string);
  const queued: DigestMessage[] = [];
  const run = await startRun({ tier: 'plus', now: NOW }, { audience, jobs, runs, queue: { send: async (m) => void queued.push(...m) }, timezone: 'UTC' });
  let clock = Date.now();
  const base: Omit<SenderDependencies, 'mailer'> = {
    audience,
    jobs,
    runs,
    ledger: new DynamoLedger(doc, tables[DeliveriesTable.id] as string),
    guides: new MemoryGuideStore(),
    limiter: new RateLimiter(1000),
    render: renderDigest,
    links: async (s) => ({ manageUrl: `https://cw.example/m/${s.id}`, unsubscribeUrl: `https://cw.example/u/${s.id}` }),
    guideUrl: (slug) => `https://cw.example/guides/${slug}`,
    upgradeUrl: 'https://cw.example/plus',
    timezone: 'UTC',
    now: () => new Date(clock),
  };
  return { run, runs, queued, base, advance: (ms: number) => (clock += ms) };
}

it('delivers the same batch twice, concurrently, and still sends each subscriber one digest', async () => {
  const w = await world('twice');
  const inbox = new Inbox();
  const a = new Sender({ ...w.base, mailer: inbox });
  const b = new Sender({ ...w.base, mailer: inbox });
  await Promise.all(w.queued.flatMap((m) => [a.process(m), b.process(m)]));
  await Promise.all(w.queued.map((m) => a.process(m))); // and once more, later
  expect(inbox.sent).toHaveLength(COUNT);
  expect([...inbox.perRecipient().values()].every((n) => n === 1)).toBe(true);
  const counts = (await w.runs.get(w.run.runId))?.counts ?? {};
  expect(counts.sent).toBe(COUNT);
  // Each duplicate found the ledger taken, or the watermark already past every job.
  const skipped = Object.entries(counts).filter(([k]) => k.startsWith('skipped.'));
  expect(skipped.reduce((n, [, v]) => n + v, 0)).toBe(2 * COUNT);
  expect(skipped.map(([k]) => k).every((k) => ['skipped.in-progress', 'skipped.already-sent', 'skipped.no-match'].includes(k))).toBe(true);
});

it('finishes a run whose sender was killed after k sends, with no duplicates', async () => {
  const w = await world('killed');
  const inbox = new Inbox();
  const k = 7;
  // The worker "dies" at its (k+1)th send: that call never returns, so this sender can do nothing more.
  let died: () => void = () => undefined;
  const dead = new Promise<void>((resolve) => (died = resolve));
  const hang = new Promise<never>(() => undefined);
  const dying = new Sender({
    ...w.base,
    mailer: {
      send: (e) => {
        if (inbox.sent.length < k) return inbox.send(e);
        died();
        return hang;
      },
    },
  });
  void (async () => {
    for (const m of w.queued) await dying.process(m);
  })();
  await dead;
  expect(inbox.sent).toHaveLength(k);

  // Redelivered after the visibility timeout, which outlasts the claim lease.
  w.advance(6 * 60_000);
  const fresh = new Sender({ ...w.base, mailer: inbox });
  for (const m of w.queued) await fresh.process(m);
  expect(inbox.sent).toHaveLength(COUNT);
  expect([...inbox.perRecipient().values()].every((n) => n === 1)).toBe(true);
});

it('SES throttling injected into the real SES v2 mailer: messages come back whole after their backoff, everyone gets one digest, nothing is dead-lettered', async () => {
  const w = await world('throttled');
  const ses = mockClient(SESv2Client);
  const throttle = new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });
  // Throttled at the 1st, 3rd and 4th call and then every 5th: more than the 5 receives a message has.
  let calls = 0;
  ses.on(SendEmailCommand).callsFake(() => {
    calls++;
    if (calls === 1 || calls === 3 || calls === 4 || calls % 5 === 0) throw throttle;
    return { MessageId: `ses-${calls}` };
  });
  const mailer = new SesMailer({ from: 'alerts@careerwire.example', client: new SESv2Client({ region: 'us-east-1' }) });
  const sender = new Sender({ ...w.base, mailer });
  let handle: ReturnType<typeof senderHandler> = async () => ({ batchItemFailures: [] });
  // A deferral of one second lasts 1 ms here.
  const queue = new LocalDigestQueue((event) => handle(event), { msPerDeferredSecond: 1 });
  handle = senderHandler(sender, queue);
  // Every subscriber in one message, so a throttle holds back the ones after it.
  await queue.send([{ ...w.queued[0]!, subscriberIds: w.queued.flatMap((m) => m.subscriberIds) }]);
  const { deadLettered } = await queue.drain();

  expect(deadLettered).toBe(0);
  expect(queue.deferrals).toBeGreaterThanOrEqual(5);
  const accepted = ses.commandCalls(SendEmailCommand).filter((c, i) => {
    const n = i + 1;
    return !(n === 1 || n === 3 || n === 4 || n % 5 === 0);
  });
  const recipients = accepted.map((c) => c.args[0].input.Destination?.ToAddresses?.[0]);
  expect(recipients).toHaveLength(COUNT);
  expect(new Set(recipients).size).toBe(COUNT);
  const headers = accepted.at(-1)?.args[0].input.Content?.Simple?.Headers;
  expect(headers).toEqual([
    { Name: 'List-Unsubscribe', Value: expect.stringMatching(/^<https:\/\/.+>$/) },
    { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
  ]);
  // Each return of the message skips the ones already sent (their watermark is past every job).
  const counts = (await w.runs.get(w.run.runId))?.counts ?? {};
  expect(Object.keys(counts).sort()).toEqual(['sent', 'skipped.no-match']);
  expect(counts.sent).toBe(COUNT);
  ses.restore();
});

it('a planner retried after a crash resumes its run (one id per tier and instant) on dynalite, planning nobody twice', async () => {
  const w = await world('resume');
  const doc = documentClient(client);
  const deps = {
    audience: new DynamoAudienceStore(doc, 'resume-Subscribers'),
    jobs: new DynamoJobStore(doc, 'resume-Jobs'),
    runs: w.runs,
    timezone: 'UTC',
  };
  // The scheduled run of the world is planned: the same instant again (a retried schedule) finds it and plans nothing.
  const queued: DigestMessage[] = [];
  const collect = { send: async (m: readonly DigestMessage[]) => void queued.push(...m) };
  const again = await startRun({ tier: 'plus', now: NOW }, { ...deps, queue: collect });
  expect(again.runId).toBe(w.run.runId);
  expect(queued).toHaveLength(0);

  // A dry run killed at its send (24 ids: one batch), retried: the same run, every subscriber planned once.
  let sends = 0;
  const crashing = { send: async (m: readonly DigestMessage[]) => {
    if (++sends === 1) throw new Error('planner killed');
    queued.push(...m);
  } };
  await expect(startRun({ tier: 'plus', now: NOW, dryRun: true }, { ...deps, queue: crashing })).rejects.toThrow('planner killed');
  const resumed = await startRun({ tier: 'plus', now: NOW, dryRun: true }, { ...deps, queue: collect });
  expect(resumed.runId).toBe(runIdFor('plus', w.run.period, true));
  expect(resumed).toMatchObject({ status: 'planned', planned: COUNT, cutoff: NOW.toISOString() });
  const ids = queued.flatMap((m) => m.subscriberIds);
  expect(ids).toHaveLength(COUNT);
  expect(new Set(ids).size).toBe(COUNT);
});

it('treats its own claim as claimed when the write landed but its answer was lost (the SDK retried it)', async () => {
  const w = await world('lostanswer');
  const doc = documentClient(client);
  const ledger = new DynamoLedger(doc, 'lostanswer-Deliveries');
  let calls = 0;
  // The first attempt reaches DynamoDB; its answer is "lost": the same request is sent again.
  const flaky = {
    send: async (command: Parameters<typeof doc.send>[0]) => {
      const out = await doc.send(command as never);
      if (command.constructor.name === 'PutCommand' && ++calls === 1) return doc.send(command as never);
      return out;
    },
  } as unknown as typeof doc;
  const claim = await new DynamoLedger(flaky, 'lostanswer-Deliveries').claim('sub-x', 'plus#2026-11-27', w.run.runId, NOW);
  expect(claim.outcome).toBe('claimed');
  expect(await ledger.claim('sub-x', 'plus#2026-11-27', w.run.runId, NOW)).toEqual({ outcome: 'busy' });
});
