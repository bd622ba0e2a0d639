/** Content hashes of normalised jobs: sha256 over a canonical JSON (sorted keys), so unchanged → same hash. */
import { createHash } from 'node:crypto';
import type { Job } from './job';

/** JSON with object keys sorted at every level; `undefined` members are left out, as JSON.stringify does. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${stableStringify(member)}`);
  }
  return `{${parts.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of everything in the job but `contentHash` itself (guideSlug included: a new link is a change). */
export function jobContentHash(job: Omit<Job, 'contentHash'> & { contentHash?: string }): string {
  const { contentHash: _ignored, ...content } = job;
  return sha256Hex(stableStringify(content));
}
