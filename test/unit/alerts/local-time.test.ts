/**
 * Digests by the subscriber's local time: the due rule (whole-hour, :30 and :45 zones, Free on the
 * local Monday), every zone due once per local day through a year of hourly runs and its DST days, and
 * the planner and sender together through hourly runs across spring-forward, fall-back and zone
 * changes: one digest per local day (or week), at local 07:xx, no job twice. Instants are explicit.
 */
import type { Digest } from '../../../lambdas/alerts/digest';
import { runPartitions, startRun } from '../../../lambdas/alerts/planner';
import type { DigestMessage } from '../../../lambdas/alerts/queue';
import { RateLimiter } from '../../../lambdas/alerts/rate-limiter';
import { Sender } from '../../../lambdas/alerts/sender';
import type { Job } from '../../../lambdas/jobs/job';
import type { Mailer, OutgoingEmail } from '../../../lambdas/mail/mailer';
import { canonicalZone, knownZones, zoneClock } from '../../../lambdas/shared/clock';
import { DIGEST_DELIVERY, deliveryDue, dueZones } from '../../../lambdas/shared/schedules';
import type { Subscriber, Tier } from '../../../lambdas/subscriptions/subscriber';
import { MemoryAudienceStore, MemoryLedger, MemoryRunStore } from '../../support/memory/alerts';
import { MemoryGuideStore } from '../../support/memory/guides';
import { MemoryJobStore } from '../../support/memory/jobs';
import { syntheticJobs } from '../../support/synthetic';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('the due rule', () => {
  it('delivers Plus in the local hour from 07:00: whole-hour, :30 and :45 zones', () => {
    // Berlin is UTC+1 in November: 07:00 local is 06:00 UTC.
    expect(deliveryDue('plus', 'Europe/Berlin', at('2026-11-27T06:00:00Z'))).toBe(true);
    expect(deliveryDue('plus', 'Europe/Berlin', at('2026-11-27T07:00:00Z'))).toBe(false);
    expect(deliveryDue('plus', 'Europe/Berlin', at('2026-11-27T05:00:00Z'))).toBe(false);
    // Kolkata, UTC+5:30: the run at 02:00 UTC is 07:30 there; the one before is 06:30.
    expect(deliveryDue('plus', 'Asia/Kolkata', at('2026-11-27T02:00:00Z'))).toBe(true);
    expect(deliveryDue('plus', 'Asia/Kolkata', at('2026-11-27T01:00:00Z'))).toBe(false);
    // Kathmandu, UTC+5:45: 07:45 at 02:00 UTC.
    expect(deliveryDue('plus', 'Asia/Kathmandu', at('2026-11-27T02:00:00Z'))).toBe(true);
    expect(deliveryDue('plus', 'Asia/Kathmandu', at('2026-11-27T01:00:00Z'))).toBe(false);
    // Partitions are named by the runtime's canonical spelling of a zone (ICU's: Asia/Calcutta for Asia/Kolkata).
    expect(dueZones('plus', at('2026-11-27T02:00:00Z'))).toEqual(expect.arrayContaining([canonicalZone('Asia/Kolkata'), canonicalZone('Asia/Kathmandu')]));
    expect(dueZones('plus', at('2026-11-27T02:00:00Z'))).not.toContain('Europe/Berlin');
  });

  it('delivers Free only on the local Monday, wherever that Monday falls in UTC', () => {
    expect(DIGEST_DELIVERY).toEqual({ hour: 7, freeWeekday: 1 });
    // Monday 30 November 2026.
    expect(deliveryDue('free', 'Europe/Berlin', at('2026-11-30T06:00:00Z'))).toBe(true);
    expect(deliveryDue('free', 'Europe/Berlin', at('2026-12-01T06:00:00Z'))).toBe(false);
    expect(deliveryDue('free', 'Europe/Berlin', at('2026-11-29T06:00:00Z'))).toBe(false);
    // Auckland (UTC+13 in summer): its Monday 07:00 is Sunday 18:00 UTC.
    expect(deliveryDue('free', 'Pacific/Auckland', at('2026-11-29T18:00:00Z'))).toBe(true);
    // Honolulu (UTC-10): its Monday 07:00 is Monday 17:00 UTC.
    expect(deliveryDue('free', 'Pacific/Honolulu', at('2026-11-30T17:00:00Z'))).toBe(true);
    expect(deliveryDue('free', 'Pacific/Honolulu', at('2026-11-29T17:00:00Z'))).toBe(false);
  });

  /** How many hourly runs in [from, to) deliver to the zone on each of its local dates (Plus). */
  function deliveriesPerLocalDay(zone: string, from: number, to: number): Map<string, number> {
    const clock = zoneClock(zone);
    const days = new Map<string, number>();
    for (let t = from; t < to; t += HOUR) {
      const wall = clock(new Date(t));
      const day = `${wall.year}-${wall.month}-${wall.day}`;
      days.set(day, (days.get(day) ?? 0) + (deliveryDue('plus', zone, new Date(t)) ? 1 : 0));
    }
    // The first and last local dates are cut by the span: only whole ones count.
    const whole = [...days.entries()].slice(1, -1);
    return new Map(whole);
  }

  it('over a year of hourly runs, reaches each zone exactly once per local day (DST days, :30 and :45 zones included)', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
    for (const zone of zones) {
      const days = deliveriesPerLocalDay(zone, Date.parse('2027-01-01T00:00:00Z'), Date.parse('2028-01-02T00:00:00Z'));
      expect(days.size).toBeGreaterThanOrEqual(364);
      expect({ zone, counts: [...new Set(days.values())] }).toEqual({ zone, counts: [1] });
    }
  });

  /** The UTC days of 2027 on which a zone's offset changes (read at noon UTC). */
  function offsetChanges(zone: string): number[] {
    const clock = zoneClock(zone);
    const offset = (t: number) => {
      const w = clock(new Date(t));
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - t;
    };
    const days: number[] = [];
    for (let t = Date.parse('2027-01-01T12:00:00Z'); t < Date.parse('2028-01-01T12:00:00Z'); t += 24 * HOUR) if (offset(t) !== offset(t - 24 * HOUR)) days.push(t);
    return days;
  }

  it('every zone the runtime knows is due exactly once per local day, around each of its 2027 offset changes too', () => {
    const wrong: string[] = [];
    let changes = 0;
    for (const zone of knownZones()) {
      // Hourly runs from three days before each change to three after (and one plain week).
      const spans = [Date.parse('2027-06-01T00:00:00Z'), ...offsetChanges(zone)].map((t) => [t - 3 * 24 * HOUR, t + 3 * 24 * HOUR] as const);
      changes += spans.length - 1;
      for (const [from, to] of spans) {
        const counts = [...deliveriesPerLocalDay(zone, from, to).entries()].filter(([, n]) => n !== 1);
        if (counts.length > 0) wrong.push(`${zone}: ${JSON.stringify(counts)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(knownZones().length).toBeGreaterThan(300);
    expect(changes).toBeGreaterThan(100);
  });

  it('a run pages only its due zones, and the default zone\'s run also the subscribers without a zone and the legacy shards', () => {
    const berlin = runPartitions('plus', at('2026-11-27T06:00:00Z'), 'UTC').map((p) => p.key);
    expect(berlin).toContain('plus#Europe/Berlin');
    expect(berlin).not.toContain('plus#UTC');
    expect(berlin).not.toContain('plus#default');
    const utc = runPartitions('plus', at('2026-11-27T07:00:00Z'), 'UTC');
    expect(utc.map((p) => p.key)).toEqual(expect.arrayContaining(['plus#UTC', 'plus#Europe/London', 'plus#default', 'plus#00', 'plus#15']));
    expect(utc.filter((p) => p.legacy)).toHaveLength(16);
    // A Free run on a Wednesday: nobody is due.
    expect(runPartitions('free', at('2026-12-02T07:00:00Z'), 'UTC')).toEqual([]);
    // Every zone, for operators.
    expect(runPartitions('free', at('2026-12-02T07:00:00Z'), 'UTC', true).length).toBe(knownZones().length + 17);
  });
});

// --- The planner and the sender through hourly runs --------------------------------------------------

const none = { keywords: [], industries: [], geos: [], jobTypes: [], guides: [], levels: [], salaryMin: null, salaryCurrency: 'USD', remoteOnly: false, timeZone: null };

class RecordingMailer implements Mailer {
  readonly sent: (OutgoingEmail & { at: Date; jobIds: string[] })[] = [];
  constructor(private readonly clock: () => Date) {}
  pending: string[] = [];
  async send(email: OutgoingEmail) {
    this.sent.push({ ...email, at: this.clock(), jobIds: this.pending });
    return { messageId: `m-${this.sent.length}` };
  }
}

/** One job every `everyHours`, from `from` to `to`. */
function jobsEvery(everyHours: number, from: number, to: number): Job[] {
  const template = syntheticJobs(1)[0] as Job;
  const out: Job[] = [];
  for (let t = from, i = 0; t <= to; t += everyHours * HOUR, i++) out.push({ ...template, id: `j:${i}`, sourceId: String(i), url: `https://jobs.example/${i}`, postedAt: new Date(t).toISOString() });
  return out;
}

async function world(tier: Tier, subscriber: Partial<Subscriber>, jobs: Job[]) {
  const audience = new MemoryAudienceStore();
  audience.subscribers.set('ann', {
    id: 'ann', email: 'ann@example.com', status: 'confirmed', tier, preferences: none, createdAt: '2027-01-01T00:00:00.000Z',
    confirmedAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z', suppressed: null, lastDigestAt: null, ...subscriber,
  });
  const store = new MemoryJobStore();
  await store.putAll(jobs);
  const runs = new MemoryRunStore();
  const ledger = new MemoryLedger();
  let now = new Date(0);
  const mailer = new RecordingMailer(() => now);
  const sender = new Sender({
    audience, ledger, runs, jobs: store, guides: new MemoryGuideStore(), mailer, limiter: new RateLimiter(1000),
    render: (d: Digest) => {
      mailer.pending = d.jobs.map((j) => j.id);
      return { subject: d.periodLabel, html: '<p>digest</p>', text: 'digest' };
    },
    links: async () => ({ manageUrl: 'https://cw.example/manage', unsubscribeUrl: 'https://cw.example/unsubscribe' }),
    guideUrl: (slug) => `https://cw.example/guides/${slug}`, upgradeUrl: 'https://cw.example/plus', timezone: 'UTC', now: () => now,
  });
  /** The scheduled run at `instant`, its messages delivered at once. */
  const runAt = async (instant: Date) => {
    now = instant;
    const queued: DigestMessage[] = [];
    await startRun({ tier, now: instant }, { audience, jobs: store, runs, queue: { send: async (m) => void queued.push(...m) }, timezone: 'UTC' });
    for (const m of queued) await sender.process(m);
  };
  const hourly = async (from: string, to: string, each?: (instant: Date) => void) => {
    for (let t = Date.parse(from); t < Date.parse(to); t += HOUR) {
      each?.(new Date(t));
      await runAt(new Date(t));
    }
  };
  return { audience, mailer, ledger, runAt, hourly };
}

/** Each job id in at most one digest, and every job posted before the last digest's cutoff in one. */
function expectEveryJobOnce(sent: { jobIds: string[]; at: Date }[], jobs: Job[]) {
  const all = sent.flatMap((e) => e.jobIds);
  expect(all.length).toBe(new Set(all).size);
  const lastCutoff = sent.at(-1)?.at.toISOString() ?? '';
  const firstFrom = new Date((sent[0]?.at.getTime() ?? 0) - 86_400_000).toISOString();
  const due = jobs.filter((j) => j.postedAt <= lastCutoff && j.postedAt > firstFrom).map((j) => j.id);
  expect(new Set(all)).toEqual(new Set(due));
}

const local = (zone: string, instant: Date) => {
  const w = zoneClock(zone)(instant);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

describe.each([
  ['America/New_York', 'spring forward', '2027-03-12T00:00:00Z', '2027-03-17T00:00:00Z'],
  ['America/New_York', 'fall back', '2027-11-05T00:00:00Z', '2027-11-10T00:00:00Z'],
  ['Europe/Berlin', 'spring forward', '2027-03-26T00:00:00Z', '2027-03-31T00:00:00Z'],
  ['Europe/Berlin', 'fall back', '2027-10-29T00:00:00Z', '2027-11-03T00:00:00Z'],
])('a Plus subscriber in %s across %s', (zone, _change, from, to) => {
  it('gets one digest per local day, each at local 07:xx, none at the transition hours, no job twice', async () => {
    const jobs = jobsEvery(2, Date.parse(from) - 2 * 86_400_000, Date.parse(to));
    const w = await world('plus', { preferences: { ...none, timeZone: zone } }, jobs);
    await w.hourly(from, to);
    const sent = w.mailer.sent;
    const days = sent.map((e) => local(zone, e.at).slice(0, 10));
    expect(sent.every((e) => local(zone, e.at).slice(11, 13) === '07')).toBe(true);
    expect(new Set(days).size).toBe(days.length);
    // Five UTC days hold four whole local days and parts of two more: each local 07:00 in the span.
    expect(days.length).toBe(5);
    expectEveryJobOnce(sent, jobs);
  });
});

describe('zone changes mid-day', () => {
  it('west (Berlin → New York after Berlin\'s digest): the repeated local date gets no second digest, no job twice', async () => {
    const jobs = jobsEvery(1, Date.parse('2027-05-08T00:00:00Z'), Date.parse('2027-05-13T00:00:00Z'));
    const w = await world('plus', { preferences: { ...none, timeZone: 'Europe/Berlin' } }, jobs);
    await w.hourly('2027-05-10T00:00:00Z', '2027-05-12T00:00:00Z', (t) => {
      // Noon UTC on the 10th: Berlin's digest of the 10th went out at 05:00 UTC; New York's 07:00 of the 10th is still ahead.
      if (t.toISOString() === '2027-05-10T12:00:00.000Z') w.audience.subscribers.get('ann')!.preferences = { ...none, timeZone: 'America/New_York' };
    });
    const sent = w.mailer.sent.map((e) => e.at.toISOString());
    expect(sent).toEqual(['2027-05-10T05:00:00.000Z', '2027-05-11T11:00:00.000Z']);
    expect(w.mailer.sent.map((e) => e.subject)).toEqual(['Monday, 10 May 2027', 'Tuesday, 11 May 2027']);
    expect(w.ledger.items.has('ann|plus#2027-05-10')).toBe(true);
    const all = w.mailer.sent.flatMap((e) => e.jobIds);
    expect(all.length).toBe(new Set(all).size);
  });

  it('east (New York → Tokyo after New York\'s digest): the next local date gets its one digest, no job twice', async () => {
    const jobs = jobsEvery(2, Date.parse('2027-05-08T00:00:00Z'), Date.parse('2027-05-13T00:00:00Z'));
    const w = await world('plus', { preferences: { ...none, timeZone: 'America/New_York' } }, jobs);
    await w.hourly('2027-05-10T00:00:00Z', '2027-05-12T00:00:00Z', (t) => {
      if (t.toISOString() === '2027-05-10T15:00:00.000Z') w.audience.subscribers.get('ann')!.preferences = { ...none, timeZone: 'Asia/Tokyo' };
    });
    // New York's 07:00 of the 10th (11:00 UTC), then Tokyo's 07:00 of the 11th (22:00 UTC on the 10th), and of the 12th.
    expect(w.mailer.sent.map((e) => e.at.toISOString())).toEqual(['2027-05-10T11:00:00.000Z', '2027-05-10T22:00:00.000Z', '2027-05-11T22:00:00.000Z']);
    expect(w.mailer.sent.map((e) => e.subject)).toEqual(['Monday, 10 May 2027', 'Tuesday, 11 May 2027', 'Wednesday, 12 May 2027']);
    expectEveryJobOnce(w.mailer.sent, jobs);
  });

  it('a subscriber planned for their old zone and moved to one not due is skipped at send time', async () => {
    const w = await world('plus', { preferences: { ...none, timeZone: 'Europe/Berlin' } }, jobsEvery(1, Date.parse('2027-05-09T00:00:00Z'), Date.parse('2027-05-10T06:00:00Z')));
    const audience = w.audience;
    const original = audience.getMany.bind(audience);
    // The move lands between planning and sending.
    audience.getMany = async (ids) => {
      audience.subscribers.get('ann')!.preferences = { ...none, timeZone: 'America/New_York' };
      return original(ids);
    };
    await w.runAt(new Date('2027-05-10T05:00:00Z'));
    expect(w.mailer.sent).toHaveLength(0);
  });
});

describe('Free digests', () => {
  it('arrive on the local Monday at 07:xx, once per local ISO week, no job twice', async () => {
    const jobs = jobsEvery(6, Date.parse('2027-03-01T00:00:00Z'), Date.parse('2027-03-30T00:00:00Z'));
    const w = await world('free', { preferences: { ...none, timeZone: 'America/New_York' } }, jobs);
    await w.hourly('2027-03-07T00:00:00Z', '2027-03-23T00:00:00Z');
    expect(w.mailer.sent.map((e) => local('America/New_York', e.at))).toEqual(['2027-03-08 07:00', '2027-03-15 07:00', '2027-03-22 07:00']);
    const all = w.mailer.sent.flatMap((e) => e.jobIds);
    expect(all.length).toBe(new Set(all).size);
  });
});

describe('migration', () => {
  it('a subscriber still in a legacy shard gets the default zone\'s digest, is re-keyed, and from then on gets their own zone\'s', async () => {
    const jobs = jobsEvery(1, Date.parse('2027-05-08T00:00:00Z'), Date.parse('2027-05-13T00:00:00Z'));
    const w = await world('plus', { preferences: { ...none, timeZone: 'Asia/Tokyo' } }, jobs);
    w.audience.subscribers.get('ann')!.alertShard = 'plus#07';
    // Tokyo's 07:00 of the 10th (22:00 UTC on the 9th) passes: a legacy item is not in Tokyo's partition.
    await w.runAt(new Date('2027-05-09T22:00:00Z'));
    expect(w.mailer.sent).toHaveLength(0);
    // The default zone's (UTC) run pages the legacy shards.
    await w.runAt(new Date('2027-05-10T07:00:00Z'));
    expect(w.mailer.sent).toHaveLength(1);
    expect(w.audience.subscribers.get('ann')!.alertShard).toBeUndefined();
    expect((await w.audience.getMany(['ann']))[0]?.alertShard).toBe('plus#Asia/Tokyo');
    await w.hourly('2027-05-10T08:00:00Z', '2027-05-12T00:00:00Z');
    expect(w.mailer.sent.map((e) => e.at.toISOString())).toEqual(['2027-05-10T07:00:00.000Z', '2027-05-10T22:00:00.000Z', '2027-05-11T22:00:00.000Z']);
    const all = w.mailer.sent.flatMap((e) => e.jobIds);
    expect(all.length).toBe(new Set(all).size);
  });
});
