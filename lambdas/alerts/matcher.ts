/**
 * Matching subscribers to the jobs of a period with an index, built once per run: bitsets of job
 * positions per industry, geo, type, guide and word. A subscriber's matches are a few bitset ORs and
 * ANDs, not a scan of every job. Jobs are indexed newest first, so bit order is recency order.
 *
 * Semantics: every preference list given must match (industries AND geos AND types AND guides AND
 * keywords), any entry of a list may (OR). An empty list does not filter. A keyword matches when all
 * its words are in the job's title or tags. A geo preference also matches "Anywhere" jobs: a job open
 * worldwide is open to them. remoteOnly keeps jobs open to remote work (Job.remote).
 *
 * Levels and the salary floor leave out only what contradicts them: a job at another stated level, or
 * one that states a yearly salary in the subscriber's currency topping out below the floor. A job that
 * states no level, or no yearly salary in that currency (there are no FX rates), still comes, after
 * those that meet the preference. Ranking: keyword relevance (title beats tags), then how many of
 * levels and salary the job states and meets, then newest.
 */
import type { Job } from '../jobs/job';
import type { Preferences } from '../subscriptions/subscriber';

export interface MatchRequest {
  preferences: Preferences;
  /** Only jobs posted strictly after this instant (ISO UTC). */
  after: string;
  /** Jobs already sent to the subscriber. */
  exclude?: ReadonlySet<string>;
  limit: number;
}

type Bits = Uint32Array;

const WORD = /[\p{L}\p{N}]+/gu;
export const words = (text: string): string[] => text.toLowerCase().match(WORD) ?? [];
const key = (text: string) => text.trim().toLowerCase();

export class JobIndex {
  /** Newest first. */
  readonly jobs: readonly Job[];
  private readonly size: number;
  private readonly industries = new Map<string, Bits>();
  private readonly geos = new Map<string, Bits>();
  private readonly anywhere: Bits;
  private readonly types = new Map<string, Bits>();
  private readonly guides = new Map<string, Bits>();
  private readonly titleWords = new Map<string, Bits>();
  private readonly tagWords = new Map<string, Bits>();
  private readonly remote: Bits;
  private readonly levels = new Map<string, Bits>();
  private readonly noLevel: Bits;
  /** Per position: the yearly salary's top (max, else min), NaN when not yearly; and its currency. */
  private readonly salaryTop: Float64Array;
  private readonly salaryCurrency: (string | null)[];
  private readonly empty: Bits;
  /** The jobs at a subscriber's levels, reused between match() calls like scratch. */
  private readonly levelBits: Bits;
  /** Reused between match() calls (one run, one thread): no allocation per subscriber. */
  private readonly scratch: Bits[] = [];

  constructor(jobs: readonly Job[]) {
    this.jobs = [...jobs].sort((a, b) => (a.postedAt !== b.postedAt ? (a.postedAt < b.postedAt ? 1 : -1) : a.id < b.id ? -1 : 1));
    this.size = Math.ceil(this.jobs.length / 32);
    this.anywhere = new Uint32Array(this.size);
    this.remote = new Uint32Array(this.size);
    this.noLevel = new Uint32Array(this.size);
    this.levelBits = new Uint32Array(this.size);
    this.salaryTop = new Float64Array(this.jobs.length).fill(Number.NaN);
    this.salaryCurrency = new Array<string | null>(this.jobs.length).fill(null);
    this.empty = new Uint32Array(this.size);
    this.jobs.forEach((job, i) => {
      for (const v of job.industries) this.set(this.industries, key(v), i);
      for (const v of job.geo.split(',')) this.set(this.geos, key(v), i);
      if (key(job.geo) === 'anywhere') this.anywhere[i >>> 5]! |= 1 << (i & 31);
      for (const v of job.types) this.set(this.types, key(v), i);
      if (job.guideSlug !== null) this.set(this.guides, job.guideSlug, i);
      for (const w of words(job.title)) this.set(this.titleWords, w, i);
      for (const w of job.tags.flatMap(words)) this.set(this.tagWords, w, i);
      // Jobs stored before the remote flag have none: not remote.
      if (job.remote === true) this.remote[i >>> 5]! |= 1 << (i & 31);
      if (job.level === null) this.noLevel[i >>> 5]! |= 1 << (i & 31);
      else this.set(this.levels, key(job.level), i);
      const s = job.salary;
      const top = s !== null && s.period === 'year' ? (s.max ?? s.min) : null;
      if (s !== null && top !== null) {
        this.salaryTop[i] = top;
        this.salaryCurrency[i] = s.currency;
      }
    });
  }

  private set(map: Map<string, Bits>, name: string, i: number): void {
    let bits = map.get(name);
    if (bits === undefined) {
      bits = new Uint32Array(this.size);
      map.set(name, bits);
    }
    bits[i >>> 5]! |= 1 << (i & 31);
  }

  /** How many jobs (a prefix, newest first) were posted after the instant. */
  private countAfter(after: string): number {
    let lo = 0;
    let hi = this.jobs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.jobs[mid] as Job).postedAt > after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Scratch bitset number `n`, cleared to `fill` over the first `wordsUsed` words. */
  private buffer(n: number, wordsUsed: number, fill: number): Bits {
    let bits = this.scratch[n];
    if (bits === undefined) {
      bits = new Uint32Array(this.size);
      this.scratch[n] = bits;
    }
    bits.fill(fill, 0, wordsUsed);
    return bits;
  }

  /** OR of the postings of `values` (plus `extra`) into `out`. */
  private union(out: Bits, map: Map<string, Bits>, values: readonly string[], wordsUsed: number, extra?: Bits): Bits {
    for (const v of values) {
      const bits = map.get(key(v));
      if (bits !== undefined) for (let w = 0; w < wordsUsed; w++) out[w]! |= bits[w]!;
    }
    if (extra !== undefined) for (let w = 0; w < wordsUsed; w++) out[w]! |= extra[w]!;
    return out;
  }

  /** Into `out`: jobs whose title (or title and tags) hold every word of the keyword. */
  private keywordBits(out: Bits, keyword: string, wordsUsed: number, titleOnly: boolean): Bits {
    const parts = words(keyword);
    for (const part of parts) {
      const t = this.titleWords.get(part) ?? this.empty;
      const g = titleOnly ? this.empty : (this.tagWords.get(part) ?? this.empty);
      for (let w = 0; w < wordsUsed; w++) out[w]! &= t[w]! | g[w]!;
    }
    return out;
  }

  match({ preferences: p, after, exclude, limit }: MatchRequest): Job[] {
    const count = this.countAfter(after);
    if (count === 0 || limit <= 0) return [];
    const wordsUsed = Math.ceil(count / 32);
    const acc = this.buffer(0, wordsUsed, 0xffffffff);
    if (count % 32 !== 0) acc[wordsUsed - 1] = (1 << (count % 32)) - 1;

    const and = (bits: Bits) => {
      for (let w = 0; w < wordsUsed; w++) acc[w]! &= bits[w]!;
    };
    if (p.industries.length > 0) and(this.union(this.buffer(1, wordsUsed, 0), this.industries, p.industries, wordsUsed));
    if (p.geos.length > 0) and(this.union(this.buffer(1, wordsUsed, 0), this.geos, p.geos, wordsUsed, this.anywhere));
    if (p.jobTypes.length > 0) and(this.union(this.buffer(1, wordsUsed, 0), this.types, p.jobTypes, wordsUsed));
    if (p.guides.length > 0) and(this.union(this.buffer(1, wordsUsed, 0), this.guides, p.guides, wordsUsed));
    if (p.remoteOnly) and(this.remote);
    const levels = p.levels.length > 0;
    if (levels) {
      this.levelBits.fill(0, 0, wordsUsed);
      this.union(this.levelBits, this.levels, p.levels, wordsUsed);
      and(this.union(this.buffer(1, wordsUsed, 0), this.levels, p.levels, wordsUsed, this.noLevel));
    }
    const floor = p.salaryMin;

    const keywords = p.keywords.filter((k) => words(k).length > 0);
    const anyKeyword = keywords.map((k, i) => this.keywordBits(this.buffer(2 + 2 * i, wordsUsed, 0xffffffff), k, wordsUsed, false));
    const inTitle = keywords.map((k, i) => this.keywordBits(this.buffer(3 + 2 * i, wordsUsed, 0xffffffff), k, wordsUsed, true));
    if (keywords.length > 0) {
      const any = this.buffer(1, wordsUsed, 0);
      for (const bits of anyKeyword) for (let w = 0; w < wordsUsed; w++) any[w]! |= bits[w]!;
      and(any);
    }

    // Bit order is recency order: bucket candidates by score, highest score first. Keyword relevance
    // weighs more than every level and salary bonus together.
    const bonusMax = (levels ? 1 : 0) + (floor !== null ? 1 : 0);
    const maxScore = keywords.length * 2 * (bonusMax + 1) + bonusMax;
    const buckets: Job[][] = Array.from({ length: maxScore + 1 }, () => []);
    for (let w = 0; w < wordsUsed; w++) {
      let word = acc[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        word &= word - 1;
        const i = (w << 5) | bit;
        const job = this.jobs[i] as Job;
        if (exclude?.has(job.id)) continue;
        let bonus = 0;
        if (floor !== null && this.salaryCurrency[i] === p.salaryCurrency) {
          if ((this.salaryTop[i] as number) < floor) continue;
          bonus++;
        }
        if (levels && (this.levelBits[w]! >>> bit) & 1) bonus++;
        let relevance = 0;
        for (let k = 0; k < keywords.length; k++) {
          if ((inTitle[k]![w]! >>> bit) & 1) relevance += 2;
          else if ((anyKeyword[k]![w]! >>> bit) & 1) relevance += 1;
        }
        const score = relevance * (bonusMax + 1) + bonus;
        const bucket = buckets[score]!;
        if (bucket.length < limit) bucket.push(job);
        // Nothing can outrank a full top bucket: stop reading.
        if (score === maxScore && bucket.length === limit) return bucket;
      }
    }
    const out: Job[] = [];
    for (let s = maxScore; s >= 0 && out.length < limit; s--) out.push(...buckets[s]!.slice(0, limit - out.length));
    return out;
  }
}
