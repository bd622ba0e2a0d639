/**
 * The api function's guide reads, made cheap without serving anything stale: a guide once read is kept,
 * and each later read only checks its content hash (a GetItem projecting that one attribute) instead
 * of reading and parsing the whole ~40 KB body. As fresh as reading it whole; a changed or removed guide is seen
 * at once. While the hash holds the same object is returned, so a caller may memoise by identity (the
 * guide route keeps its JSON).
 */
import type { Guide } from './guide';
import type { GuideReader } from './store';

export class HashCheckedGuideReader implements GuideReader {
  private readonly guides = new Map<string, Guide>();

  constructor(
    private readonly store: GuideReader & { contentHash(slug: string): Promise<string | null> },
    /** Guides kept at most (the oldest kept is dropped first). */
    private readonly maxEntries = 256,
  ) {}

  async get(slug: string): Promise<Guide | null> {
    const kept = this.guides.get(slug);
    if (kept !== undefined) {
      const hash = await this.store.contentHash(slug);
      if (hash === kept.contentHash) return kept;
      this.guides.delete(slug);
      if (hash === null) return null;
    }
    const guide = await this.store.get(slug);
    if (guide === null) return null;
    if (this.guides.size >= this.maxEntries) this.guides.delete(this.guides.keys().next().value as string);
    this.guides.set(slug, guide);
    return guide;
  }

  listSummaries(): ReturnType<GuideReader['listSummaries']> {
    return this.store.listSummaries();
  }

  listRoles(): ReturnType<GuideReader['listRoles']> {
    return this.store.listRoles();
  }
}
