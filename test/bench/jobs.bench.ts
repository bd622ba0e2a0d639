/**
 * Job feed benchmarks, on one core (synchronous code, one thread):
 * - normalise throughput: parseFeed over a JSON feed of the sample items (jobs/s; target ≥ 20,000),
 *   against JSON.parse alone of the same body in the same run, so the ratio is comparable across machines;
 * - the same for the RSS feed;
 * - guide linking throughput (links/s) with an index of many guides;
 * - one hostile item, a megabyte in every text field, against JSON.parse of the same body: feed text is
 *   cut before any regex runs, so the item costs little more than reading the JSON (the salary text
 *   alone, "1", 200k spaces, "1", took two minutes before the cut). The hardening tests bound this
 *   work by counting regex executions; this is the time it takes.
 *
 * Run alone: `npx tsx test/bench/jobs.bench.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from '../../lambdas/jobs/feeds';
import { createGuideLinker, type GuideLinkTarget } from '../../lambdas/jobs/guide-link';
import { SAMPLE_FEED_ANCHOR } from '../../lambdas/jobs/samples';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const CONTENT = join(__dirname, '../../content/jobs');
const ITEMS = 2_000;

/** A JSON feed of `count` items, cycling through the sample items with unique ids. */
export function jsonFeed(count: number): string {
  const sample = JSON.parse(readFileSync(join(CONTENT, 'remote-jobs.json'), 'utf8')) as { jobs: Record<string, unknown>[] };
  const jobs = Array.from({ length: count }, (_, i) => {
    const item = sample.jobs[i % sample.jobs.length]!;
    return { ...item, id: 500_000 + i, url: `${String(item.url)}-${i}` };
  });
  return JSON.stringify({ jobs });
}

/** An RSS feed of `count` items, cycling through the sample items with unique guids. */
function rssFeed(count: number): string {
  const body = readFileSync(join(CONTENT, 'jobs.rss'), 'utf8');
  const items = body.match(/<item>[\s\S]*?<\/item>/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = items[i % items.length]!;
    out.push(item.replace(/<link>([^<]*)<\/link>/, `<link>$1-${i}</link>`).replace(/<guid([^>]*)>([^<]*)<\/guid>/, `<guid$1>$2-${i}</guid>`));
  }
  return body.replace(/<item>[\s\S]*<\/item>/, out.join('\n'));
}

/** Best-of-N wall time of `fn`, in ms, after a warm-up (the JIT settles; GC noise is taken out by "best"). */
function time(fn: () => void, rounds = 7): number {
  fn();
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

/** Guides for the linking bench: the real role family plus many invented ones. */
function guides(): GuideLinkTarget[] {
  const fields = ['Data', 'Marketing', 'Sales', 'Product', 'Payroll', 'Supply Chain', 'Clinical', 'Dental', 'Legal', 'Tax', 'Security', 'Cloud', 'Mobile', 'Content', 'Brand', 'Grant', 'Claims', 'Fleet', 'Warehouse', 'Retail'];
  const roles = ['Analyst', 'Manager', 'Coordinator', 'Specialist', 'Engineer'];
  const out: GuideLinkTarget[] = [
    {
      slug: 'medical-office-administrator',
      title: 'Medical Office Administrator',
      relatedTitles: ['Entry-Level Medical Office Assistant', 'Medical Office Administrator', 'Senior Medical Office Manager'],
    },
  ];
  for (const field of fields) {
    for (const role of roles) {
      const title = `${field} ${role}`;
      out.push({ slug: title.toLowerCase().replace(/\s+/g, '-'), title, relatedTitles: [`Junior ${title}`, `Senior ${title}`, `Lead ${title}`] });
    }
  }
  return out;
}

export async function benchJobs(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const now = SAMPLE_FEED_ANCHOR;

  const json = jsonFeed(ITEMS);
  let kept = 0;
  const baseMs = time(() => {
    kept = (JSON.parse(json) as { jobs: unknown[] }).jobs.length;
  });
  const normaliseMs = time(() => {
    kept = parseFeed('bench', json, 'application/json', now).jobs.length;
  });
  if (kept !== ITEMS) throw new Error(`bench feed lost items: ${kept} of ${ITEMS}`);
  const jsonRate = (ITEMS / normaliseMs) * 1000;
  results.push({ name: 'jobs.normalise.json', value: Math.round(jsonRate), unit: 'jobs/s' });
  results.push({ name: 'jobs.normalise.json.baseline-json-parse', value: Math.round((ITEMS / baseMs) * 1000), unit: 'items/s' });
  results.push({ name: 'jobs.normalise.json.cost-vs-json-parse', value: Number((normaliseMs / baseMs).toFixed(1)), unit: '×' });

  const linker = createGuideLinker(guides());
  const linked = time(() => {
    kept = parseFeed('bench', json, 'application/json', now, { linkGuide: linker }).jobs.length;
  });
  results.push({ name: 'jobs.normalise.json.with-guide-links', value: Math.round((ITEMS / linked) * 1000), unit: 'jobs/s' });

  const rss = rssFeed(ITEMS);
  const rssMs = time(() => {
    kept = parseFeed('bench', rss, 'application/rss+xml', now).jobs.length;
  });
  if (kept !== ITEMS) throw new Error(`bench RSS feed lost items: ${kept} of ${ITEMS}`);
  results.push({ name: 'jobs.normalise.rss', value: Math.round((ITEMS / rssMs) * 1000), unit: 'jobs/s' });

  const parsed = parseFeed('bench', json, 'application/json', now).jobs;
  const titles = parsed.map((j) => ({ title: j.title, industries: j.industries }));
  const extra = ['Senior Data Analyst (Remote)', 'Office Manager', 'Warehouse Operations Lead', 'Clinical Research Coordinator', 'Staff Backend Engineer'];
  for (const title of extra) titles.push({ title, industries: [] });
  let hits = 0;
  const linkMs = time(() => {
    hits = 0;
    for (const job of titles) if (linker(job) !== null) hits++;
  });
  results.push({ name: 'jobs.guide-link', value: Math.round((titles.length / linkMs) * 1000), unit: 'links/s' });
  results.push({ name: 'jobs.guide-link.guides-indexed', value: guides().length, unit: 'guides' });
  if (hits === 0) throw new Error('guide-link bench linked nothing');

  const megabyte = (unit: string) => unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000);
  const hostile = JSON.stringify({
    jobs: [
      {
        id: 'h', url: 'https://jobs.example/h', pubDate: '2026-11-26T10:00:00Z', jobTitle: megabyte('('), companyName: megabyte('- '),
        jobGeo: megabyte('Remote - '), jobLevel: megabyte('-level'), jobType: megabyte('1,'), jobIndustry: megabyte(', '),
        jobDescription: megabyte('<b>'), salary: `1${' '.repeat(999_998)}1`,
      },
    ],
  });
  const hostileMs = time(() => {
    kept = parseFeed('bench', hostile, 'application/json', now, { linkGuide: linker }).total;
  });
  const hostileJsonMs = time(() => {
    kept = (JSON.parse(hostile) as { jobs: unknown[] }).jobs.length;
  });
  results.push({ name: 'jobs.normalise.hostile-item', value: Number(hostileMs.toFixed(1)), unit: 'ms' });
  results.push({ name: 'jobs.normalise.hostile-item.baseline-json-parse', value: Number(hostileJsonMs.toFixed(1)), unit: 'ms' });
  results.push({ name: 'jobs.normalise.hostile-item.cost-vs-json-parse', value: Number((hostileMs / hostileJsonMs).toFixed(1)), unit: '×' });
  return results;
}

if (process.argv[1]?.endsWith('jobs.bench.ts')) {
  benchJobs()
    .then((results) => {
      for (const r of results) console.log(`${r.name.padEnd(44)} ${String(r.value).padStart(10)} ${r.unit}`);
      const rate = results.find((r) => r.name === 'jobs.normalise.json')?.value ?? 0;
      console.log(rate >= 20_000 ? `target met: ${rate} ≥ 20000 jobs/s` : `TARGET MISSED: ${rate} < 20000 jobs/s`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
