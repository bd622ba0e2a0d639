/**
 * Site pages: guide pages rendered per second from a stored Guide (the seed, with a page of jobs),
 * beside JSON.stringify of the same guide (what GET /guides/{slug} costs an API client) in the same
 * run, and the page's size. Wired into `npm run bench` by test/bench/run.ts.
 */
import { join } from 'node:path';
import { readGuideFile } from '../../lambdas/guides/file';
import { renderGuidePage } from '../../lambdas/guides/pages';
import type { Job } from '../../lambdas/jobs/job';
import { SITE_LIMITS } from '../../lambdas/shared/limits';
import { throughput, type BenchResult } from './parse.bench';

const SEED = join(__dirname, '..', '..', 'content', 'guides', 'medical-office-administrator.md');

const jobs: Job[] = Array.from({ length: SITE_LIMITS.guideJobs }, (_, i) => ({
  id: `board:${i}`,
  source: 'board',
  sourceId: String(i),
  title: `Medical Office Manager ${i}`,
  company: 'Northwind Clinic',
  companyLogo: null,
  industries: ['Healthcare'],
  types: ['full-time'],
  geo: 'USA',
  remote: false,
  level: 'Mid',
  salary: { min: 45_000, max: 55_000, currency: 'USD', period: 'year', sourcePeriod: 'year' },
  postedAt: '2026-11-27T09:00:00.000Z',
  excerpt: 'Run the front desk of a busy clinic.',
  url: `https://jobs.example/apply/${i}`,
  tags: ['scheduling'],
  guideSlug: 'medical-office-administrator',
  contentHash: `h${i}`,
}));

export async function benchPages(): Promise<BenchResult[]> {
  const guide = await readGuideFile(SEED);
  const site = { baseUrl: 'https://careerwire.example' };
  const page = renderGuidePage(guide, jobs, site);
  const render = throughput(() => renderGuidePage(guide, jobs, site));
  const json = throughput(() => JSON.stringify(guide));
  return [
    { name: `guide page render (seed + ${jobs.length} jobs)`, value: Math.round(render), unit: 'pages/s' },
    { name: 'guide JSON.stringify (seed, baseline)', value: Math.round(json), unit: 'guides/s' },
    { name: 'guide page render cost relative to JSON', value: Math.round((json / render) * 10) / 10, unit: 'x' },
    { name: 'guide page size (seed)', value: Math.round(Buffer.byteLength(page) / 102.4) / 10, unit: 'KiB (target < 100)' },
    { name: 'guide JSON size (seed)', value: Math.round(Buffer.byteLength(JSON.stringify(guide)) / 102.4) / 10, unit: 'KiB' },
  ];
}
