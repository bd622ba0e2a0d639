/** The content hash of a guide: what ingest compares to skip unchanged guides, and the API's ETag. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/json';
import type { Guide } from './guide';

/**
 * sha256 (hex) of the canonical JSON of every field but contentHash and updatedAt: touching a file
 * without changing it keeps the hash; any change of content, slug included, changes it.
 */
export function contentHash(guide: Omit<Guide, 'contentHash' | 'updatedAt'>): string {
  // A whole Guide may be passed (structural typing): leave the two fields out explicitly.
  const { contentHash: _hash, updatedAt: _updatedAt, ...content } = guide as Partial<Guide>;
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
