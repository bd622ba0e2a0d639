/**
 * Guide ingest, the same for S3 events in AWS and for content/ on disk locally: parse every source and
 * hash its content, write only guides whose content hash changed (one BatchWriteItem stream), and
 * report bad files without letting them touch the stored version or stop the others.
 */
import { LIMITS } from '../shared/limits';
import { GuideParseError } from './errors';
import type { Guide } from './guide';
import { withContentHash } from './hash';
import { parseGuide } from './parse';
import type { GuideWriter } from './store';

export interface GuideSource {
  /** Shown in error reports: a path locally, an s3:// URI in AWS. */
  file: string;
  slug: string;
  /** The text, and when it last changed (ISO 8601; used when the guide itself does not say). */
  read(): Promise<{ text: string; updatedAt: string }>;
}

export interface IngestFailure {
  file: string;
  line: number;
  reason: string;
}

export interface IngestReport {
  parsed: number;
  written: string[];
  unchanged: string[];
  removed: string[];
  failed: IngestFailure[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The slug a content file name stands for, or null when the name is not a guide's. */
export function slugFromFileName(name: string): string | null {
  const base = name.split('/').pop() ?? '';
  if (!base.endsWith('.md')) return null;
  const slug = base.slice(0, -3);
  return SLUG.test(slug) ? slug : null;
}

export async function ingestGuides(
  store: GuideWriter,
  sources: readonly GuideSource[],
  { removeMissing }: { removeMissing: boolean },
): Promise<IngestReport> {
  const report: IngestReport = { parsed: 0, written: [], unchanged: [], removed: [], failed: [] };
  const guides: Guide[] = [];
  for (const source of sources) {
    const guide = await parseSource(source, report);
    if (guide !== null) guides.push(guide);
  }
  report.parsed = guides.length;

  const stored = await store.hashes(guides.map((g) => g.slug));
  const changed = guides.filter((g) => stored.get(g.slug) !== g.contentHash);
  if (changed.length > 0) await store.putAll(changed);
  report.written = changed.map((g) => g.slug);
  report.unchanged = guides.filter((g) => stored.get(g.slug) === g.contentHash).map((g) => g.slug);

  if (removeMissing) {
    // A bad file still counts as present: its stored version is kept, not removed.
    const present = new Set(sources.map((s) => s.slug));
    for (const slug of await store.allSlugs()) {
      if (!present.has(slug)) {
        await store.remove(slug);
        report.removed.push(slug);
      }
    }
  }
  return report;
}

export async function removeGuides(store: GuideWriter, slugs: readonly string[]): Promise<string[]> {
  for (const slug of slugs) await store.remove(slug);
  return [...slugs];
}

async function parseSource(source: GuideSource, report: IngestReport): Promise<Guide | null> {
  const { text, updatedAt } = await source.read();
  if (Buffer.byteLength(text, 'utf8') > LIMITS.guideFileBytes) {
    report.failed.push({ file: source.file, line: 1, reason: `file is larger than ${LIMITS.guideFileBytes} bytes` });
    return null;
  }
  try {
    return withContentHash(parseGuide(text, { file: source.file, slug: source.slug, updatedAt }));
  } catch (error) {
    if (!(error instanceof GuideParseError)) throw error;
    report.failed.push({ file: error.file, line: error.line, reason: error.reason });
    return null;
  }
}
