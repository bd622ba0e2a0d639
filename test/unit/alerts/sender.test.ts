/**
 * Planner + sender on in-memory stores: exactly one digest per subscriber and period through reruns,
 * redelivered and concurrent messages, a sender killed mid-batch; SES throttling, a used-up quota and the
 * sandbox defer the whole message without spending anyone's digest; rejections are recorded.
 */
import type { Digest } from '../../../lambdas/alerts/digest';
import { continueRun, runPartitions, startRun, type PlannerState } from '../../../lambdas/alerts/planner';
import type { DigestMessage } from '../../../lambdas/alerts/queue';
import { RateLimiter } from '../../../lambdas/alerts/rate-limiter';
import { runIdFor } from '../../../lambdas/alerts/runs';
import { Sender, deferSeconds, type SenderDependencies } from '../../../lambdas/alerts/sender';
import { MailError, type Mailer, type OutgoingEmail } from '../../../lambdas/mail/mailer';
import type { Subscriber } from '../../../lambdas/subscriptions/subscriber';
import { syntheticJobs } from '../../support/synthetic';
import { MemoryAudienceStore, MemoryLedger, MemoryRunStore } from '../../support/memory/alerts';
import { MemoryGuideStore } from '../../support/memory/guides';
import { MemoryJobStore } from '../../support/memory/jobs';

const NOW = new Date('2026-11-27T07:00:00.000Z');
/** A Monday, 07:00 UTC: the Free delivery of the UTC zones, and of everyone without a zone (the schedule's is UTC). */
const MONDAY = new Date('2026-11-30T07:00:00.000Z');
/** A synthetic audience: 100 subscribers in every partition of the Free run at MONDAY. */
const FREE_PARTITIONS = runPartitions('free', MONDAY, 'UTC');
const synthetic = () => new MemoryAudienceStore({ size: (p) => (FREE_PARTITIONS.some((f) => f.key === p) ? 100 : 0) });
const EVERYONE = FREE_PARTITIONS.length * 100;
const none = { keywords: [], industries: [], geos: [], jobTypes: [], guides: [], levels: [], salaryMin: null, salaryCurrency: 'USD', remoteOnly: false, timeZone: null };

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
    random: () => 0.5,
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

/** Every planned subscriber in one message, in id order (the planner splits them by shard). */
const whole = (queued: DigestMessage[]): DigestMessage => ({ ...queued[0]!, subscriberIds: queued.flatMap((m) => m.subscriberIds).sort() });

const refusal = (kind: MailError['kind'], text: string) => () => {
  throw new MailError(kind, text);
};

it('on SES throttling stops the message at once and defers it whole, with a backoff that grows per receive', async () => {
  const w = await world(5);
  await w.plan();
  w.mailer.script = [() => undefined, refusal('throttled', 'TooManyRequestsException: Maximum sending rate exceeded')];
  const sender = new Sender(w.deps);
  const message = whole(w.queued);
  const first = await sender.process(message, 1);
  // One sent, one throttled, and the three after it never tried: no per-subscriber retries.
  expect(first).toMatchObject({ retry: false, defer: { reason: 'throttled', seconds: deferSeconds('throttled', 1, () => 0.5) }, throttled: 1 });
  expect(w.mailer.script).toHaveLength(0);
  expect(w.mailer.sent).toHaveLength(1);
  // The throttled subscriber's claim was given back: nothing is spent.
  expect([...w.ledger.items.values()].map((d) => d.status)).toEqual(['sent']);
  expect([...w.runs.runs.values()][0]!.counts).toEqual({ sent: 1 });

  const second = await sender.process(message, 2);
  // The one already sent has its watermark past every job.
  expect(second).toEqual({ retry: false, outcomes: { 'skipped.no-match': 1, sent: 4 }, throttled: 0 });
  expect(w.mailer.sent.map((e) => e.to).sort()).toEqual([0, 1, 2, 3, 4].map((n) => `person${n}@example.com`));
  expect([...w.ledger.items.values()].every((d) => d.status === 'sent')).toBe(true);
});

it('backs off 30 s × 2^(receives - 1) with jitter, at most 15 minutes; a paused account and a configuration error wait an hour', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => deferSeconds('throttled', n, () => 0.999999))).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
  expect([1, 2, 3].map((n) => deferSeconds('throttled', n, () => 0))).toEqual([15, 30, 60]);
  expect(deferSeconds('paused', 1)).toBe(3_600);
  expect(deferSeconds('configuration', 9)).toBe(3_600);
});

it('a used-up daily quota pauses the sender: no SES call until the pause ends, every message deferred, nothing spent', async () => {
  const w = await world(30);
  await w.plan();
  w.mailer.script = [refusal('paused', 'LimitExceededException: Maximum sending quota exceeded.')];
  const sender = new Sender(w.deps);
  expect(await sender.process(w.queued[0]!)).toMatchObject({ retry: false, defer: { reason: 'paused', seconds: 3_600 } });
  expect(w.mailer.script).toHaveLength(0);
  const calls = () => w.mailer.sent.length;
  w.advance(20 * 60_000);
  // The next messages do not ask SES: they wait for what is left of the pause.
  for (const m of w.queued.slice(1)) expect(await sender.process(m)).toEqual({ retry: false, defer: { reason: 'paused', seconds: 2_400 }, outcomes: {}, throttled: 0 });
  expect(calls()).toBe(0);
  expect(w.ledger.items.size).toBe(0);
  expect([...w.runs.runs.values()][0]!.counts).toEqual({});

  w.advance(41 * 60_000);
  for (const m of w.queued) expect(await sender.process(m)).toMatchObject({ retry: false, outcomes: { sent: m.subscriberIds.length } });
  expect(new Set(w.mailer.sent.map((e) => e.to)).size).toBe(30);
  expect(w.mailer.sent).toHaveLength(30);
});

it('a rejection by the SES sandbox (unverified recipient) is a configuration error: the others are sent, that digest is not spent', async () => {
  const w = await world(3);
  await w.plan();
  const errors: unknown[] = [];
  w.mailer.script = [() => undefined, refusal('configuration', 'MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: <redacted-address>')];
  const sender = new Sender({ ...w.deps, log: { error: (...args) => void errors.push(args) } });
  const message = whole(w.queued);
  const result = await sender.process(message);
  expect(result).toEqual({ retry: false, defer: { reason: 'configuration', seconds: 3_600 }, outcomes: { sent: 2 }, throttled: 0 });
  expect(w.ledger.items.get('sub-1|plus#2026-11-27')).toBeUndefined();
  expect([...w.runs.runs.values()][0]!.counts).toEqual({ sent: 2 });
  expect(JSON.stringify(errors)).toMatch(/SES setup/);

  // Out of the sandbox (or the address verified): the same message, back from the queue, sends the one left.
  expect(await sender.process(message, 2)).toEqual({ retry: false, outcomes: { sent: 1, 'skipped.no-match': 2 }, throttled: 0 });
  expect(w.mailer.sent.at(-1)?.to).toBe('person1@example.com');
});

it('records a permanent rejection on the ledger and in the run, and does not retry it', async () => {
  const w = await world(2);
  await w.plan();
  w.mailer.script = [refusal('rejected', 'MessageRejected: Message contains a virus')];
  const sender = new Sender(w.deps);
  const message = whole(w.queued);
  expect(await sender.process(message)).toEqual({ retry: false, outcomes: { 'failed.rejected': 1, sent: 1 }, throttled: 0 });
  expect([...w.ledger.items.values()].find((d) => d.status === 'rejected')?.reason).toMatch(/virus/);
  // The rejected one is done on the ledger (not retried); the sent one's watermark is past every job.
  expect(await sender.process(message)).toEqual({ retry: false, outcomes: { 'skipped.already-sent': 1, 'skipped.no-match': 1 }, throttled: 0 });
});

it('a transient SES failure gives the claim back and returns the message for a normal retry', async () => {
  const w = await world(1);
  await w.plan();
  w.mailer.script = [refusal('transient', 'InternalFailure')];
  const sender = new Sender(w.deps);
  expect(await sender.process(w.queued[0]!)).toEqual({ retry: true, outcomes: {}, throttled: 0 });
  expect(w.ledger.items.size).toBe(0);
  expect(await sender.process(w.queued[0]!)).toMatchObject({ retry: false, outcomes: { sent: 1 } });
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
  const audience = synthetic();
  const jobs = new MemoryJobStore();
  await jobs.putAll(syntheticJobs(10, 1, MONDAY.getTime(), 86_400_000));
  const runs = new MemoryRunStore();
  const queued: DigestMessage[] = [];
  const continuations: PlannerState[] = [];
  let calls = 0;
  const deps = {
    audience,
    jobs,
    runs,
    queue: { send: async (m: readonly DigestMessage[]) => void queued.push(...m) },
    timezone: 'UTC',
    pageSize: 30,
    remainingMs: () => (++calls > 5 ? 1_000 : 600_000),
    continueWith: async (state: PlannerState) => void continuations.push(state),
  };
  const run = await startRun({ tier: 'free', now: MONDAY }, deps);
  expect(run.status).toBe('planning');
  // Five pages of 30 read, none queued yet (a batch holds 250): the next invocation reads them again.
  expect(continuations).toEqual([expect.objectContaining({ runId: run.runId, shard: 0 })]);
  expect(continuations[0]).not.toHaveProperty('start');
  expect(queued).toHaveLength(0);
  await continueRun(continuations[0] as PlannerState, { ...deps, remainingMs: () => 600_000 });
  expect(await runs.get(run.runId)).toMatchObject({ planned: EVERYONE, status: 'planned' });
  const ids = queued.flatMap((m) => m.subscriberIds);
  expect(ids).toHaveLength(EVERYONE);
  expect(new Set(ids).size).toBe(EVERYONE);
});

it('queues ids in full SendMessageBatch calls across pages and zones, marking the legacy shards\' messages', async () => {
  const audience = synthetic();
  const jobs = new MemoryJobStore();
  await jobs.putAll(syntheticJobs(10, 1, MONDAY.getTime(), 86_400_000));
  const calls: DigestMessage[][] = [];
  const run = await startRun({ tier: 'free', now: MONDAY }, { audience, jobs, runs: new MemoryRunStore(), queue: { send: async (m) => void calls.push([...m]) }, timezone: 'UTC' });
  expect(run.planned).toBe(EVERYONE);
  // Every call but the last of each kind (zones, then legacy shards) is a full batch: 10 messages of 25.
  const full = calls.filter((c) => c.length === 10 && c.every((m) => m.subscriberIds.length === 25));
  expect(calls.length - full.length).toBeLessThanOrEqual(2);
  const legacyIds = calls.flat().filter((m) => m.legacy === true).flatMap((m) => m.subscriberIds);
  expect(legacyIds).toHaveLength(16 * 100);
  expect(legacyIds.every((id) => /^free#\d\d-/.test(id))).toBe(true);
  expect(calls.flat().filter((m) => m.legacy !== true).flatMap((m) => m.subscriberIds).some((id) => /^free#\d\d-/.test(id))).toBe(false);
});

it('one run id per tier and instant: a planner retried after a crash resumes the run where it stopped, planning nobody twice', async () => {
  const audience = synthetic();
  const jobs = new MemoryJobStore();
  await jobs.putAll(syntheticJobs(10, 1, MONDAY.getTime(), 86_400_000));
  const runs = new MemoryRunStore();
  const queued: DigestMessage[] = [];
  let sends = 0;
  const crashing = { send: async (m: readonly DigestMessage[]) => {
    if (++sends === 3) throw new Error('planner killed');
    queued.push(...m);
  } };
  const deps = { audience, jobs, runs, timezone: 'UTC', pageSize: 70 };
  await expect(startRun({ tier: 'free', now: MONDAY }, { ...deps, queue: crashing })).rejects.toThrow('planner killed');
  expect(queued.length).toBeGreaterThan(0);

  // Scheduler (or Lambda) retries the same event: the same scheduled instant, the same run.
  const resumed = await startRun({ tier: 'free', now: MONDAY }, { ...deps, queue: { send: async (m) => void queued.push(...m) } });
  expect(resumed.runId).toBe(runIdFor('free', resumed.period, false));
  expect(resumed).toMatchObject({ status: 'planned', planned: EVERYONE, cutoff: MONDAY.toISOString() });
  const ids = queued.flatMap((m) => m.subscriberIds);
  expect(ids).toHaveLength(EVERYONE);
  expect(new Set(ids).size).toBe(EVERYONE);
  expect(new Set(queued.map((m) => m.runId))).toEqual(new Set([resumed.runId]));

  // Once planned, a third call plans nothing.
  const again = await startRun({ tier: 'free', now: MONDAY }, { ...deps, queue: { send: async (m) => void queued.push(...m) } });
  expect(again.runId).toBe(resumed.runId);
  expect(queued.flatMap((m) => m.subscriberIds)).toHaveLength(EVERYONE);
  // A dry run of the same instant is a run of its own; the next hour's run too.
  expect(runIdFor('free', resumed.period, true)).not.toBe(resumed.runId);
  const nextHour = await startRun({ tier: 'free', now: new Date(MONDAY.getTime() + 3_600_000) }, { ...deps, queue: { send: async () => undefined } });
  expect(nextHour.runId).not.toBe(resumed.runId);
});
