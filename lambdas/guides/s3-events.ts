/** Turns S3 notifications for content/guides objects into guide upserts and removals. */
import type { S3EventRecord } from 'aws-lambda';
import { slugFromFileName } from './ingest';

export interface S3GuideChanges {
  /** Object keys to (re)ingest, by slug. */
  upserts: Map<string, string>;
  removals: string[];
  ignored: string[];
}

/**
 * Collapses a batch to the last event per slug (S3's `sequencer` orders events for one key), so an
 * object created and then deleted within one batch ends up deleted.
 */
export function planS3Changes(records: readonly S3EventRecord[]): S3GuideChanges {
  const last = new Map<string, { key: string; removed: boolean; sequencer: string }>();
  const ignored: string[] = [];
  for (const record of records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const slug = slugFromFileName(key);
    if (slug === null) {
      ignored.push(key);
      continue;
    }
    const sequencer = record.s3.object.sequencer ?? '';
    const previous = last.get(slug);
    if (previous !== undefined && compareSequencers(previous.sequencer, sequencer) > 0) continue;
    last.set(slug, { key, removed: record.eventName.startsWith('ObjectRemoved'), sequencer });
  }
  const upserts = new Map<string, string>();
  const removals: string[] = [];
  for (const [slug, change] of last) {
    if (change.removed) removals.push(slug);
    else upserts.set(slug, change.key);
  }
  return { upserts, removals, ignored };
}

/** Sequencers are hex strings of varying length: compare them right-aligned. */
function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const pa = a.padStart(width, '0');
  const pb = b.padStart(width, '0');
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}
