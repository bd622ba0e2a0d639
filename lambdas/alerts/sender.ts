/**
 * The sender: one SQS message of subscriber ids → at most one digest per subscriber and period.
 * Each subscriber is read fresh (an unsubscribe or suppression since planning wins), the ledger item is
 * claimed before sending and finished after, SES throttling is retried with backoff, and anything
 * retryable sends the message back to the queue (SQS partial batch response): nothing is dropped.
 */
import type { GuideReader } from '../guides/store';
import type { Job } from '../jobs/job';
import type { JobReader } from '../jobs/store';
import { MailError, type Mailer } from '../mail/mailer';
import { ALERT_LIMITS } from '../shared/limits';
import { listUnsubscribeHeaders } from '../subscriptions/links';
import type { Subscriber, Tier } from '../subscriptions/subscriber';
import type { AudienceMember, AudienceStore } from './audience';
import type { Digest, DigestGuide, DigestJob, RenderedDigest } from './digest';
import type { Ledger } from './ledger';
import { JobIndex } from './matcher';
import { periodOf, type Period } from './periods';
import { candidateJobs, windowStart } from './planner';
import type { DigestMessage } from './queue';
import type { RateLimiter } from './rate-limiter';
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
  limiter: RateLimiter;
  render: (digest: Digest) => RenderedDigest;
  links: (subscriber: Subscriber) => Promise<SubscriberLinks>;
  /** Absolute URLs for guides and the Plus page. */
  guideUrl: (slug: string) => string;
  upgradeUrl: string;
  timezone: string;
  /** An address on the suppression list (bounce, complaint) gets nothing, whatever its record says. */
  isSuppressed?: (email: string) => Promise<boolean>;
  sendEmpty?: Partial<Record<Tier, boolean>>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  log?: { error(message: string, ...extra: Record<string, unknown>[]): void };
}

/** What a message needs from the period, built once per run and reused by later messages. */
interface RunContext {
  period: Period;
  index: JobIndex;
  guides: Map<string, DigestGuide | null>;
}

export class Sender {
  private readonly contexts = new Map<string, Promise<RunContext>>();

  constructor(private readonly deps: SenderDependencies) {}

  /** Handles one message; `retry: true` means put it back on the queue (some subscriber could not be finished). */
  async process(message: DigestMessage): Promise<{ retry: boolean; outcomes: Partial<Record<Outcome, number>> }> {
    const context = await this.context(message);
    const outcomes: Partial<Record<Outcome, number>> = {};
    const add = (o: Outcome) => (outcomes[o] = (outcomes[o] ?? 0) + 1);
    let retry = false;
    const found = new Map((await this.deps.audience.getMany(message.subscriberIds)).map((s) => [s.id, s]));
    for (const id of message.subscriberIds) {
      const subscriber = found.get(id);
      try {
        const outcome = await this.deliver(message, context, subscriber, id);
        if (outcome === 'retry') retry = true;
        else add(outcome);
      } catch (error) {
        // A failure of ours or of DynamoDB: the message comes back; the ledger keeps it exactly-once.
        retry = true;
        // No subscriber id: it is a hash anyone holding the address could recompute (the ledger has the rest).
        this.deps.log?.error('digest delivery failed', { runId: message.runId, error: String(error) });
      }
    }
    await this.deps.runs.count(message.runId, outcomes);
    return { retry, outcomes };
  }

  private async deliver(message: DigestMessage, context: RunContext, subscriber: AudienceMember | undefined, id: string): Promise<Outcome | 'retry'> {
    const deps = this.deps;
    if (subscriber === undefined) return 'skipped.erased';
    if (subscriber.status !== 'confirmed') return `skipped.${subscriber.status}`;
    if (subscriber.suppressed !== null) return 'skipped.suppressed';
    if (subscriber.tier !== message.tier) return 'skipped.tier-changed';
    if (deps.isSuppressed !== undefined && (await deps.isSuppressed(subscriber.email))) return 'skipped.suppressed';

    const cutoff = new Date(message.cutoff);
    const floor = windowStart(context.period, cutoff).toISOString();
    const firstDigestFrom = new Date(cutoff.getTime() - context.period.lookbackMs).toISOString();
    const after = [subscriber.lastDigestAt ?? firstDigestFrom, floor].sort().at(-1) as string;
    const sentBefore = new Set(subscriber.lastDigestJobIds);
    const jobs = context.index.match({ preferences: subscriber.preferences, after, exclude: sentBefore, limit: ALERT_LIMITS.maxJobsPerDigest });
    if (jobs.length === 0 && deps.sendEmpty?.[message.tier] !== true) return 'skipped.no-match';
    if (message.dryRun) return 'skipped.dry-run';

    const now = deps.now ?? (() => new Date());
    const claim = await deps.ledger.claim(id, message.period, message.runId, now());
    if (claim.outcome === 'done') return 'skipped.already-sent';
    if (claim.outcome === 'busy') return 'skipped.in-progress';

    const links = await deps.links(subscriber);
    const digest: Digest = {
      tier: message.tier,
      periodLabel: context.period.label,
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

    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      await deps.limiter.acquire();
      try {
        const { messageId } = await deps.mailer.send({
          to: subscriber.email,
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          headers: listUnsubscribeHeaders(links.unsubscribeUrl),
          tags: { kind: 'digest', tier: message.tier, run: message.runId },
        });
        await deps.ledger.finish(id, message.period, claim.token, { status: 'sent', at: now(), messageId, jobIds });
        await deps.audience.advance(id, message.cutoff, jobIds);
        return 'sent';
      } catch (error) {
        if (!(error instanceof MailError)) throw error;
        if (error.kind === 'rejected') {
          await deps.ledger.finish(id, message.period, claim.token, { status: 'rejected', at: now(), reason: error.message.slice(0, 200) });
          return 'failed.rejected';
        }
        if (attempt >= ALERT_LIMITS.sendRetries) {
          // Still throttled (or failing) after the retries: give the claim back and let SQS redeliver.
          await deps.ledger.release(id, message.period, claim.token);
          return 'retry';
        }
        await sleep(Math.min(30_000, 200 * 2 ** attempt) * (0.5 + Math.random() / 2));
      }
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
    return { period, index: new JobIndex(jobs), guides };
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
