/** content/ on disk as ingest sources: the local counterpart of the content bucket. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { slugFromFileName, type GuideSource } from '../../lambdas/guides/ingest';

export const CONTENT_DIR = resolve(__dirname, '..', '..', 'content');

/** Every `<slug>.md` in the guides folder. Files with other names are not guides and are skipped. */
export async function guideSources(guidesDir = join(CONTENT_DIR, 'guides')): Promise<GuideSource[]> {
  const names = (await readdir(guidesDir)).sort();
  const sources: GuideSource[] = [];
  for (const name of names) {
    const slug = slugFromFileName(name);
    if (slug === null) continue;
    const path = join(guidesDir, name);
    sources.push({
      file: relative(process.cwd(), path) || path,
      slug,
      async read() {
        const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
        return { text, updatedAt: info.mtime.toISOString() };
      },
    });
  }
  return sources;
}
