/** The guide store in memory, with the DynamoDB store's contract: for unit tests and benchmarks. */
import { summarize, type Guide, type GuideSummary } from '../../../lambdas/guides/guide';
import type { GuideRoles, GuideStore } from '../../../lambdas/guides/store';

/** For unit tests and benchmarks: the same contract, in memory. */
export class MemoryGuideStore implements GuideStore {
  readonly guides = new Map<string, Guide>();
  writes = 0;

  async get(slug: string): Promise<Guide | null> {
    return this.guides.get(slug) ?? null;
  }
  async listSummaries(): Promise<GuideSummary[]> {
    return [...this.guides.values()].map(summarize).sort((a, b) => a.title.localeCompare(b.title));
  }
  async listRoles(): Promise<GuideRoles[]> {
    return [...this.guides.values()].map((g) => ({
      slug: g.slug,
      title: g.title,
      relatedTitles: g.careerTiers.map((t) => t.title),
    }));
  }
  async hashes(slugs: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const slug of slugs) {
      const guide = this.guides.get(slug);
      if (guide !== undefined) out.set(slug, guide.contentHash);
    }
    return out;
  }
  async allSlugs(): Promise<string[]> {
    return [...this.guides.keys()];
  }
  async putAll(guides: readonly Guide[]): Promise<void> {
    for (const guide of guides) {
      this.writes++;
      this.guides.set(guide.slug, structuredClone(guide));
    }
  }
  async remove(slug: string): Promise<void> {
    this.writes++;
    this.guides.delete(slug);
  }
}
