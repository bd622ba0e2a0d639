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

/** Job fields in sorted order; read by name, so the hash does not depend on the object's key order. */
const JOB_FIELDS = [
  'company', 'companyLogo', 'excerpt', 'geo', 'guideSlug', 'id', 'industries', 'level', 'postedAt', 'remote', 'salary', 'source',
  'sourceId', 'tags', 'title', 'types', 'url',
] as const satisfies readonly Exclude<keyof Job, 'contentHash'>[];
const KNOWN = new Set<string>([...JOB_FIELDS, 'contentHash']);

/**
 * The hash of everything in the job but `contentHash` itself (guideSlug included: a new link is a change):
 * sha256 of the canonical JSON of its fields in sorted key order. Equal to hashing `stableStringify` of the
 * job without contentHash, but without walking it generically (this runs once per job per sync).
 */
export function jobContentHash(job: Omit<Job, 'contentHash'> & { contentHash?: string }): string {
  const record = job as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of JOB_FIELDS) {
    const value = record[key];
    if (value === undefined) continue;
    const json = key === 'salary' && value !== null ? stableStringify(value) : JSON.stringify(value);
    parts.push(`"${key}":${json}`);
  }
  let text = `{${parts.join(',')}}`;
  // Fields this module does not know (a newer Job shape) still count, in sorted order.
  let extra = false;
  for (const key in record) {
    if (!KNOWN.has(key)) {
      extra = true;
      break;
    }
  }
  if (extra) {
    const all: Record<string, unknown> = {};
    for (const key of Object.keys(record)) if (key !== 'contentHash') all[key] = record[key];
    text = stableStringify(all);
  }
  return sha256Hex(text);
}
