/**
 * The sender: one SQS message of subscriber ids → at most one digest per subscriber and period.
 * Each subscriber is read fresh (an unsubscribe, a suppression or a zone change since planning wins),
 * the ledger item is claimed before sending and finished after, and anything retryable sends the
 * message back to the queue (SQS partial batch response): nothing is dropped.
 *
 * A subscriber's period is their local day (Plus) or ISO week (Free) at the run's instant, cut in
 * their zone as it is now: one whose zone changed since planning, and whose new zone is not due at
 * that instant, is skipped (their new zone's run plans them). The ledger keeps one digest per local
 * period, and the watermark (lastDigestAt, the last digest's job ids) keeps any job from coming twice
 * whatever the zones in between.
 *
 * When SES is the reason, the message is deferred rather than failed (the handler sets its
 * visibility): throttling stops the message at once and returns it whole after a backoff; a paused
 * account (24-hour quota, sending paused) stops this sender for pausedRetrySeconds; a configuration
 * error (the sandbox, an unverified identity) gives that subscriber's claim back and returns the
 * message after configurationRetrySeconds. None of them spends a digest or counts as a failure.
 */
import type { GuideReader } from '../guides/store';
import type { Job } from '../jobs/job';
import type { JobReader } from '../jobs/store';
import { MailError, type Mailer } from '../mail/mailer';
import { canonicalZone } from '../shared/clock';
import { ALERT_LIMITS } from '../shared/limits';
import { deliveryDue } from '../shared/schedules';
import { listUnsubscribeHeaders } from '../subscriptions/links';
import type { Subscriber, Tier } from '../subscriptions/subscriber';
import { isLegacyShard } from '../subscriptions/tiers';
import type { AudienceMember, AudienceStore } from './audience';
import type { Digest, DigestGuide, DigestJob, RenderedDigest } from './digest';
import type { Ledger } from './ledger';
import { JobIndex } from './matcher';
import { periodOf } from './periods';
import { candidateJobs, windowStart } from './planner';
import type { DigestMessage } from './queue';
import type { Outcome, RunStore } from './runs';

export interface SubscriberLinks {
  manageUrl: string;
  unsubscribeUrl: string;
}

export interface SenderDependencies {
  audience: AudienceStore;
  ledger: Ledger;
  runs: RunStore;
  jobs: JobReader;
  guides: GuideReader;
  mailer: Mailer;
  /** Resolves when one more send of this tier fits in the sender's share of the SES rate. */
  limiter: { acquire(tier: Tier): Promise<void> };
  render: (digest: Digest) => RenderedDigest;
  links: (subscriber: Subscriber) => Promise<SubscriberLinks>;
  /** Absolute URLs for guides and the Plus page. */
  guideUrl: (slug: string) => string;
  upgradeUrl: string;
  /** The zone of subscribers without one (digestTimezone). */
  timezone: string;
  /** An address on the suppression list (bounce, complaint) gets nothing, whatever its record says. */
  isSuppressed?: (email: string) => Promise<boolean>;
  sendEmpty?: Partial<Record<Tier, boolean>>;
  now?: () => Date;
  /** Jitter of backoffs, in [0, 1). */
  random?: () => number;
  log?: { error(message: string, ...extra: Record<string, unknown>[]): void };
}

/** What a message needs from the run, built once per run and reused by later messages. */
interface RunContext {
  /** How far back a first digest looks, and the earliest job of the run (the tier's, any zone). */
  lookbackMs: number;
  floor: string;
  index: JobIndex;
  guides: Map<string, DigestGuide | null>;
}

/** Why SES made a message wait; each has its own alarm. */
export type DeferReason = 'throttled' | 'paused' | 'configuration';

export interface Deferral {
  reason: DeferReason;
  /** How long the message waits before it is received again. */
  seconds: number;
}

export interface ProcessResult {
  /** Put the message back with the queue's own visibility timeout (a failure: counts towards the DLQ). */
  retry: boolean;
  /** Put it back after `seconds` (SES's doing: never a reason to dead-letter it). Wins over retry. */
  defer?: Deferral;
  outcomes: Partial<Record<Outcome, number>>;
  /** SES throttling answers seen (the SesThrottled metric). */
  throttled: number;
}

/** The wait before a deferred message comes back: exponential for throttling, fixed for the others. */
export function deferSeconds(reason: DeferReason, receiveCount: number, random: () => number = Math.random): number {
  if (reason === 'paused') return ALERT_LIMITS.pausedRetrySeconds;
  if (reason === 'configuration') return ALERT_LIMITS.configurationRetrySeconds;
  const exponential = ALERT_LIMITS.throttleBackoffSeconds * 2 ** Math.min(10, Math.max(0, receiveCount - 1));
  // Jitter spreads the messages of many senders throttled at once.
  return Math.ceil(Math.min(ALERT_LIMITS.throttleBackoffMaxSeconds, exponential) * (0.5 + random() / 2));
}

type Delivered = Outcome | 'retry' | DeferReason;

export class Sender {
  private readonly contexts = new Map<string, Promise<RunContext>>();
  /** Until when SES sends nothing for the account (epoch ms): this instance does not ask it again. */
  private pausedUntil = 0;

  constructor(private readonly deps: SenderDependencies) {}

  /**
   * Handles one message (received `receiveCount` times). `retry` means put it back on the queue (some
   * subscriber could not be finished); `defer` means put it back after a wait, whole.
   */
  async process(message: DigestMessage, receiveCount = 1): Promise<ProcessResult> {
    const now = this.deps.now ?? (() => new Date());
    const random = this.deps.random ?? Math.random;
    const outcomes: Partial<Record<Outcome, number>> = {};
    const pausedFor = Math.ceil((this.pausedUntil - now().getTime()) / 1000);
    if (pausedFor > 0) return { retry: false, defer: { reason: 'paused', seconds: pausedFor }, outcomes, throttled: 0 };

    const context = await this.context(message);
    const add = (o: Outcome) => (outcomes[o] = (outcomes[o] ?? 0) + 1);
    let retry = false;
    let defer: Deferral | undefined;
    let throttled = 0;
    const members = await this.deps.audience.getMany(message.subscriberIds);
    const found = new Map(members.map((s) => [s.id, s]));
    for (const id of message.subscriberIds) {
      const subscriber = found.get(id);
      try {
        const outcome = await this.deliver(message, context, subscriber, id);
        if (outcome === 'retry') retry = true;
        else if (outcome === 'throttled' || outcome === 'paused') {
          // The rest of the message would meet the same answer: stop, and bring it all back later.
          if (outcome === 'throttled') throttled++;
          else this.pausedUntil = now().getTime() + ALERT_LIMITS.pausedRetrySeconds * 1000;
          defer = { reason: outcome, seconds: deferSeconds(outcome, receiveCount, random) };
          break;
        } else if (outcome === 'configuration') {
          // In the sandbox only some recipients fail: the verified ones still get theirs.
          defer = { reason: outcome, seconds: deferSeconds(outcome, receiveCount, random) };
        } else add(outcome);
      } catch (error) {
        // A failure of ours or of DynamoDB: the message comes back; the ledger keeps it exactly-once.
        retry = true;
        // No subscriber id: it is a hash anyone holding the address could recompute (the ledger has the rest).
        this.deps.log?.error('digest delivery failed', { runId: message.runId, error: String(error) });
      }
    }
    if (!message.dryRun) {
      // Subscribers still in a legacy shard move to their zone's partition: from now on their zone's run plans them.
      for (const member of members) if (isLegacyShard(member.alertShard)) await this.rekey(member);
    }
    await this.deps.runs.count(message.runId, outcomes);
    return { retry, ...(defer !== undefined ? { defer } : {}), outcomes, throttled };
  }

  private async deliver(message: DigestMessage, context: RunContext, subscriber: AudienceMember | undefined, id: string): Promise<Delivered> {
    const deps = this.deps;
    if (subscriber === undefined) return 'skipped.erased';
    if (subscriber.status !== 'confirmed') return `skipped.${subscriber.status}`;
    if (subscriber.suppressed !== null) return 'skipped.suppressed';
    if (subscriber.tier !== message.tier) return 'skipped.tier-changed';
    const cutoff = new Date(message.cutoff);
    const zone = this.zoneOf(subscriber);
    if (message.allZones !== true && message.legacy !== true && !deliveryDue(message.tier, zone, cutoff)) return 'skipped.zone-changed';
    if (deps.isSuppressed !== undefined && (await deps.isSuppressed(subscriber.email))) return 'skipped.suppressed';

    const period = periodOf(message.tier, cutoff, zone);
    const firstDigestFrom = new Date(cutoff.getTime() - context.lookbackMs).toISOString();
    const after = [subscriber.lastDigestAt ?? firstDigestFrom, context.floor].sort().at(-1) as string;
    const sentBefore = new Set(subscriber.lastDigestJobIds);
    const jobs = context.index.match({ preferences: subscriber.preferences, after, exclude: sentBefore, limit: ALERT_LIMITS.maxJobsPerDigest });
    if (jobs.length === 0 && deps.sendEmpty?.[message.tier] !== true) return 'skipped.no-match';
    if (message.dryRun) return 'skipped.dry-run';

    const now = deps.now ?? (() => new Date());
    const claim = await deps.ledger.claim(id, period.key, message.runId, now());
    if (claim.outcome === 'done') return 'skipped.already-sent';
    if (claim.outcome === 'busy') return 'skipped.in-progress';

    const links = await deps.links(subscriber);
    const digest: Digest = {
      tier: message.tier,
      periodLabel: period.label,
      jobs: jobs.map(toDigestJob),
      guides: [...new Set(jobs.map((j) => j.guideSlug).filter((s): s is string => s !== null))]
        .map((slug) => context.guides.get(slug))
        .filter((g): g is DigestGuide => g !== undefined && g !== null),
      manageUrl: links.manageUrl,
      unsubscribeUrl: links.unsubscribeUrl,
      upgradeUrl: deps.upgradeUrl,
    };
    const rendered = deps.render(digest);
    const jobIds = jobs.map((j) => j.id);

    await deps.limiter.acquire(message.tier);
    try {
      const { messageId } = await deps.mailer.send({
        to: subscriber.email,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers: listUnsubscribeHeaders(links.unsubscribeUrl),
        tags: { kind: 'digest', tier: message.tier, run: message.runId },
      });
      await deps.ledger.finish(id, period.key, claim.token, { status: 'sent', at: now(), messageId, jobIds });
      await deps.audience.advance(id, message.cutoff, jobIds);
      return 'sent';
    } catch (error) {
      if (!(error instanceof MailError)) throw error;
      if (error.kind === 'rejected') {
        await deps.ledger.finish(id, period.key, claim.token, { status: 'rejected', at: now(), reason: error.message.slice(0, 200) });
        return 'failed.rejected';
      }
      // Not this subscriber's fault, and nothing was sent: give the claim back, so the digest is not
      // spent and the next attempt need not wait for the lease.
      await deps.ledger.release(id, period.key, claim.token);
      if (error.kind === 'configuration') deps.log?.error('digest refused by the SES setup', { runId: message.runId, error: error.message });
      // The AWS SDK has already retried a transient failure (network, 5xx) with its own backoff.
      return error.kind === 'transient' ? 'retry' : error.kind;
    }
  }

  /** The zone a subscriber's digests are timed in: theirs, or the schedule's when they have none. */
  private zoneOf(subscriber: Subscriber): string {
    const own = subscriber.preferences.timeZone;
    return (own === null ? null : canonicalZone(own)) ?? this.deps.timezone;
  }

  private async rekey(member: AudienceMember): Promise<void> {
    try {
      await this.deps.audience.rekey(member);
    } catch (error) {
      // The digest is done; the next legacy page tries again.
      this.deps.log?.error('re-keying a legacy subscriber failed', { error: String(error) });
    }
  }

  private context(message: DigestMessage): Promise<RunContext> {
    let context = this.contexts.get(message.runId);
    if (context === undefined) {
      context = this.load(message);
      this.contexts.set(message.runId, context);
      context.catch(() => this.contexts.delete(message.runId));
      // One run at a time per container is the norm; keep the last two.
      while (this.contexts.size > 2) this.contexts.delete(this.contexts.keys().next().value as string);
    }
    return context;
  }

  private async load(message: DigestMessage): Promise<RunContext> {
    const cutoff = new Date(message.cutoff);
    const period = periodOf(message.tier, cutoff, this.deps.timezone);
    const jobs = await candidateJobs(this.deps.jobs, windowStart(period, cutoff), cutoff);
    const guides = new Map<string, DigestGuide | null>();
    for (const slug of new Set(jobs.map((j) => j.guideSlug).filter((s): s is string => s !== null))) {
      const guide = await this.deps.guides.get(slug);
      guides.set(
        slug,
        guide === null
          ? null
          : {
              slug,
              title: guide.title,
              url: this.deps.guideUrl(slug),
              growthRatePercent: guide.growthRatePercent,
              currency: guide.salary?.currency ?? null,
              medianSalary: guide.salary?.median ?? null,
              salaryByLevel: guide.salary?.byLevel ?? [],
            },
      );
    }
    return { lookbackMs: period.lookbackMs, floor: windowStart(period, cutoff).toISOString(), index: new JobIndex(jobs), guides };
  }
}

function salaryText(job: Job): string | null {
  const s = job.salary;
  if (s === null || (s.min === null && s.max === null)) return null;
  const money = (n: number) => {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency: s.currency, maximumFractionDigits: 0 }).format(n);
    } catch {
      return `${s.currency} ${Math.round(n).toLocaleString('en-US')}`;
    }
  };
  const range = s.min !== null && s.max !== null && s.min !== s.max ? `${money(s.min)}–${money(s.max)}` : money((s.max ?? s.min) as number);
  return s.period === 'year' ? `${range} a year` : range;
}

function toDigestJob(job: Job): DigestJob {
  return {
    id: job.id,
    title: job.title,
    company: job.company,
    url: job.url,
    geo: job.geo,
    types: job.types,
    level: job.level,
    salaryText: salaryText(job),
    postedAt: job.postedAt,
    excerpt: job.excerpt,
    guideSlug: job.guideSlug,
  };
}
