/**
 * The reference matcher: the same semantics as JobIndex (lambdas/alerts/matcher.ts), written as a plain
 * scan of every job per subscriber. The property test checks the index against it; the benchmark
 * measures the index beside it.
 */
import { words, type MatchRequest } from '../../lambdas/alerts/matcher';
import type { Job } from '../../lambdas/jobs/job';

export function naiveMatch(jobs: readonly Job[], { preferences: p, after, exclude, limit }: MatchRequest): Job[] {
  const lower = (s: string) => s.trim().toLowerCase();
  const keywords = p.keywords.filter((k) => words(k).length > 0);
  const scored: { job: Job; score: number }[] = [];
  for (const job of jobs) {
    if (job.postedAt <= after || exclude?.has(job.id)) continue;
    if (p.industries.length > 0 && !job.industries.some((i) => p.industries.some((x) => lower(x) === lower(i)))) continue;
    const geos = job.geo.split(',').map(lower);
    if (p.geos.length > 0 && lower(job.geo) !== 'anywhere' && !p.geos.some((g) => geos.includes(lower(g)))) continue;
    if (p.jobTypes.length > 0 && !job.types.some((t) => p.jobTypes.some((x) => lower(x) === lower(t)))) continue;
    if (p.guides.length > 0 && (job.guideSlug === null || !p.guides.includes(job.guideSlug))) continue;
    if (p.remoteOnly && job.remote !== true) continue;
    const levelMet = job.level !== null && p.levels.some((l) => lower(l) === lower(job.level as string));
    if (p.levels.length > 0 && job.level !== null && !levelMet) continue;
    const s = job.salary;
    const top = s !== null && s.period === 'year' ? (s.max ?? s.min) : null;
    const salaryStated = p.salaryMin !== null && top !== null && s?.currency === p.salaryCurrency;
    if (salaryStated && (top as number) < (p.salaryMin as number)) continue;
    const bonus = (levelMet ? 1 : 0) + (salaryStated ? 1 : 0);
    const bonusMax = (p.levels.length > 0 ? 1 : 0) + (p.salaryMin !== null ? 1 : 0);
    const title = new Set(words(job.title));
    const all = new Set([...title, ...job.tags.flatMap(words)]);
    let score = 0;
    let any = false;
    for (const k of keywords) {
      const parts = words(k);
      if (parts.every((w) => title.has(w))) {
        score += 2;
        any = true;
      } else if (parts.every((w) => all.has(w))) {
        score += 1;
        any = true;
      }
    }
    if (keywords.length > 0 && !any) continue;
    scored.push({ job, score: score * (bonusMax + 1) + bonus });
  }
  scored.sort((a, b) => b.score - a.score || (a.job.postedAt !== b.job.postedAt ? (a.job.postedAt < b.job.postedAt ? 1 : -1) : a.job.id < b.job.id ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.job);
}
