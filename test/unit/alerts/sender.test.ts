/**
 * Planner + sender on in-memory stores: exactly one digest per subscriber and period through reruns,
 * redelivered and concurrent messages, a sender killed mid-batch, SES throttling and rejections.
 */
import { MemoryAudienceStore } from '../../../lambdas/alerts/audience';
import type { Digest } from '../../../lambdas/alerts/digest';
import { MemoryLedger } from '../../../lambdas/alerts/ledger';
import { startRun } from '../../../lambdas/alerts/planner';
import type { DigestMessage } from '../../../lambdas/alerts/queue';
import { RateLimiter } from '../../../lambdas/alerts/rate-limiter';
import { MemoryRunStore } from '../../../lambdas/alerts/runs';
import { Sender, type SenderDependencies } from '../../../lambdas/alerts/sender';
import { MemoryGuideStore } from '../../../lambdas/guides/store';
import { MemoryJobStore } from '../../../lambdas/jobs/store';
import { MailError, type Mailer, type OutgoingEmail } from '../../../lambdas/mail/mailer';
import type { Subscriber } from '../../../lambdas/subscriptions/subscriber';
import { syntheticJobs } from '../../support/synthetic';

const NOW = new Date('2026-11-27T07:00:00.000Z');
const none = { keywords: [], industries: [], geos: [], jobTypes: [], guides: [] };

function subscriber(n: number, over: Partial<Subscriber> = {}): Subscriber {
  return {
    id: `sub-${n}`,
    email: `person${n}@example.com`,
    status: 'confirmed',
    tier: 'plus',
    preferences: none,
    createdAt: '2026-11-01T00:00:00.000Z',
    confirmedAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    suppressed: null,
    lastDigestAt: null,
    ...over,
  };
}

class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  script: ((email: OutgoingEmail) => void)[] = [];
  async send(email: OutgoingEmail) {
    const step = this.script.shift();
    step?.(email);
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
}

async function world(count = 30) {
  const audience = new MemoryAudienceStore();
  for (let i = 0; i < count; i++) audience.subscribers.set(`sub-${i}`, subscriber(i));
  const jobs = new MemoryJobStore();
  await jobs.putAll(syntheticJobs(200, 3, NOW.getTime(), 2 * 86_400_000));
  const runs = new MemoryRunStore();
  const ledger = new MemoryLedger();
  const mailer = new RecordingMailer();
  const queued: DigestMessage[] = [];
  let clock = NOW.getTime();
  const deps: SenderDependencies = {
    audience,
    ledger,
    runs,
    jobs,
    guides: new MemoryGuideStore(),
    mailer,
    limiter: new RateLimiter(1000),
    render: (d: Digest) => ({ subject: `${d.jobs.length} new jobs`, html: '<p>digest</p>', text: 'digest' }),
    links: async (s) => ({ manageUrl: `https://cw.example/manage?s=${s.id}`, unsubscribeUrl: `https://cw.example/unsubscribe?s=${s.id}` }),
    guideUrl: (slug) => `https://cw.example/guides/${slug}`,
    upgradeUrl: 'https://cw.example/plus',
    timezone: 'UTC',
    now: () => new Date(clock),
    sleep: async () => undefined,
  };
  const plan = () =>
    startRun({ tier: 'plus', now: NOW }, { audience, jobs, runs, queue: { send: async (m) => void queued.push(...m) }, timezone: 'UTC', pageSize: 7 });
  return { audience, jobs, runs, ledger, mailer, queued, deps, plan, advance: (ms: number) => (clock += ms) };
}

const perRecipient = (sent: OutgoingEmail[]) => {
  const counts = new Map<string, number>();
  for (const e of sent) counts.set(e.to, (counts.get(e.to) ?? 0) + 1);
  return counts;
};

it('plans every confirmed subscriber into messages and sends each exactly one digest with the unsubscribe headers', async () => {
  const w = await world();
  const run = await w.plan();
  expect(run).toMatchObject({ planned: 30, status: 'planned' });
  expect(w.queued.reduce((n, m) => n + m.subscriberIds.length, 0)).toBe(30);
  const sender = new Sender(w.deps);
  for (const m of w.queued) expect((await sender.process(m)).retry).toBe(false);
  expect(w.mailer.sent).toHaveLength(30);
  expect([...perRecipient(w.mailer.sent).values()].every((n) => n === 1)).toBe(true);
  const email = w.mailer.sent[0]!;
  expect(email.headers).toEqual([
    { name: 'List-Unsubscribe', value: expect.stringMatching(/^<https:\/\/.+unsubscribe.+>$/) },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ]);
  expect((await w.runs.get(run.runId))?.counts).toEqual({ sent: 30 });
  expect(w.audience.subscribers.get('sub-0')?.lastDigestAt).toBe(NOW.toISOString());
});

it('a rerun of the period, a redelivered message and concurrent deliveries send nothing twice', async () => {
  const w = await world();
  await w.plan();
  const sender = new Sender(w.deps);
  const first = w.queued.splice(0);
  // The same message delivered twice at once, by two senders.
  await Promise.all([sender.process(first[0]!), new Sender(w.deps).process(first[0]!)]);
  for (const m of first) await sender.process(m);
  for (const m of first) await sender.process(m); // redelivered
  await w.plan(); // the whole period rerun
  for (const m of w.queued) await new Sender(w.deps).process(m);
  expect(w.mailer.sent).toHaveLength(30);
  expect([...perRecipient(w.mailer.sent).values()].every((n) => n === 1)).toBe(true);
});

it('a sender killed after k sends, run again past the lease, finishes the rest with no duplicates', async () => {
  const w = await world();
  await w.plan();
  const k = 4;
  // The process "dies": its (k+1)th send never returns, and nothing after it runs.
  let died: () => void = () => undefined;
  const dead = new Promise<void>((resolve) => (died = resolve));
  const hang = new Promise<never>(() => undefined);
  const dying: Mailer = {
    send: (e) => {
      if (w.mailer.sent.length < k) return w.mailer.send(e);
      died();
      return hang;
    },
  };
  const doomed = new Sender({ ...w.deps, mailer: dying });
  void (async () => {
    for (const m of w.queued) await doomed.process(m);
  })();
  await dead;
  expect(w.mailer.sent).toHaveLength(k);
  expect([...w.ledger.items.values()].filter((d) => d.status === 'claimed')).toHaveLength(1);

  w.advance(10 * 60_000); // past the claim lease, as SQS redelivers after the visibility timeout
  const fresh = new Sender(w.deps);
  for (const m of w.queued) await fresh.process(m);
  expect(w.mailer.sent).toHaveLength(30);
  expect([...perRecipient(w.mailer.sent).values()].every((n) => n === 1)).toBe(true);
});

it('retries SES throttling with backoff and drops nobody; a rejection is recorded, not retried', async () => {
  const w = await world(5);
  await w.plan();
  const throttled = () => {
    throw new MailError('throttled', 'Maximum sending rate exceeded');
  };
  w.mailer.script = [throttled, throttled, throttled, () => undefined, () => { throw new MailError('rejected', 'Email address is not verified'); }];
  const sender = new Sender(w.deps);
  const results = [];
  for (const m of w.queued) results.push(await sender.process(m));
  expect(results.every((r) => !r.retry)).toBe(true);
  expect(w.mailer.script).toHaveLength(0); // every scripted throttle was met
  expect(new Set(w.mailer.sent.map((e) => e.to)).size).toBe(4);
  expect(w.mailer.sent).toHaveLength(4);
  const run = [...w.runs.runs.values()][0]!;
  expect(run.counts).toEqual({ sent: 4, 'failed.rejected': 1 });
  expect([...w.ledger.items.values()].find((d) => d.status === 'rejected')?.reason).toMatch(/not verified/);
});

it('gives a message back to the queue when throttling outlasts the retries, and delivers it later', async () => {
  const w = await world(1);
  await w.plan();
  w.mailer.script = Array.from({ length: 7 }, () => () => {
    throw new MailError('throttled', 'TooManyRequests');
  });
  const sender = new Sender(w.deps);
  expect((await sender.process(w.queued[0]!)).retry).toBe(true);
  expect(w.mailer.sent).toHaveLength(0);
  expect((await sender.process(w.queued[0]!)).retry).toBe(false);
  expect(w.mailer.sent).toHaveLength(1);
});

it('skips, at send time, whoever unsubscribed, was suppressed, changed tier or was erased after planning', async () => {
  const w = await world(6);
  await w.plan();
  w.audience.subscribers.set('sub-0', subscriber(0, { status: 'unsubscribed' }));
  w.audience.subscribers.set('sub-1', subscriber(1, { suppressed: 'complaint' }));
  w.audience.subscribers.set('sub-2', subscriber(2, { tier: 'free' }));
  w.audience.subscribers.delete('sub-3');
  const sender = new Sender({ ...w.deps, isSuppressed: async (email) => email === 'person4@example.com' });
  for (const m of w.queued) await sender.process(m);
  expect(w.mailer.sent.map((e) => e.to)).toEqual(['person5@example.com']);
  expect([...w.runs.runs.values()][0]!.counts).toEqual({
    sent: 1,
    'skipped.unsubscribed': 1,
    'skipped.suppressed': 2,
    'skipped.tier-changed': 1,
    'skipped.erased': 1,
  });
});

it('sends no email when nothing matches, and a dry run sends nothing at all', async () => {
  const w = await world(2);
  w.audience.subscribers.set('sub-0', subscriber(0, { preferences: { ...none, keywords: ['astronaut'] } }));
  await w.plan();
  for (const m of w.queued) await new Sender(w.deps).process(m);
  expect(w.mailer.sent.map((e) => e.to)).toEqual(['person1@example.com']);
  expect([...w.runs.runs.values()][0]!.counts).toEqual({ sent: 1, 'skipped.no-match': 1 });

  const dry = await world(3);
  const run = await startRun({ tier: 'plus', now: NOW, dryRun: true }, { audience: dry.audience, jobs: dry.jobs, runs: dry.runs, queue: { send: async (m) => void dry.queued.push(...m) }, timezone: 'UTC' });
  for (const m of dry.queued) await new Sender(dry.deps).process(m);
  expect(dry.mailer.sent).toHaveLength(0);
  expect((await dry.runs.get(run.runId))?.counts).toEqual({ 'skipped.dry-run': 3 });
  expect(dry.ledger.items.size).toBe(0);
});

it('continues planning in a fresh invocation when time runs short', async () => {
  const audience = new MemoryAudienceStore({ perShard: 100 });
  const jobs = new MemoryJobStore();
  await jobs.putAll(syntheticJobs(10, 1, NOW.getTime(), 86_400_000));
  const runs = new MemoryRunStore();
  const queued: DigestMessage[] = [];
  const continuations: unknown[] = [];
  let calls = 0;
  const deps = {
    audience,
    jobs,
    runs,
    queue: { send: async (m: readonly DigestMessage[]) => void queued.push(...m) },
    timezone: 'UTC',
    pageSize: 50,
    remainingMs: () => (++calls > 5 ? 1_000 : 600_000),
    continueWith: async (state: unknown) => void continuations.push(state),
  };
  const run = await startRun({ tier: 'free', now: NOW }, deps);
  expect(run.status).toBe('planning');
  expect(continuations).toEqual([expect.objectContaining({ runId: run.runId, shard: 2, start: '50' })]);
  const { continueRun } = await import('../../../lambdas/alerts/planner');
  await continueRun(continuations[0] as never, { ...deps, remainingMs: () => 600_000 });
  expect((await runs.get(run.runId))).toMatchObject({ planned: 1600, status: 'planned' });
  expect(new Set(queued.flatMap((m) => m.subscriberIds)).size).toBe(1600);
});
