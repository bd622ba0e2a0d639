import { FEED_LIMITS } from '../../../lambdas/shared/limits';
import { jobContentHash } from '../../../lambdas/jobs/hash';
import type { Job } from '../../../lambdas/jobs/job';

/** Invariants every normalised job keeps, whatever the feed. */
export function expectValidJob(job: Job, source: string): void {
  expect(job.id).toBe(`${source}:${job.sourceId}`);
  expect(job.title).not.toBe('');
  expect(job.company).not.toBe('');
  expect(job.url).toMatch(/^https?:\/\//);
  if (job.companyLogo !== null) expect(job.companyLogo).toMatch(/^https?:\/\//);
  expect(job.postedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(job.excerpt.length).toBeLessThanOrEqual(FEED_LIMITS.excerptChars);
  for (const type of job.types) expect(type).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  for (const tag of job.tags) expect(tag).toBe(tag.toLowerCase());
  if (job.salary) {
    if (job.salary.min !== null && job.salary.max !== null) expect(job.salary.min).toBeLessThanOrEqual(job.salary.max);
    expect(job.salary.currency).toMatch(/^[A-Z]{3}$/);
  }
  expect(job.contentHash).toBe(jobContentHash(job));
}
