/** Content hashes of normalised jobs: sha256 over a canonical JSON (sorted keys), so unchanged → same hash. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/json';
import type { Job } from './job';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type HashedField = Exclude<keyof Job, 'contentHash'>;

/** Job fields in sorted order; read by name, so the hash does not depend on the object's key order. */
const JOB_FIELDS = [
  'company', 'companyLogo', 'excerpt', 'geo', 'guideSlug', 'id', 'industries', 'level', 'postedAt', 'remote', 'salary', 'source',
  'sourceId', 'tags', 'title', 'types', 'url',
] as const satisfies readonly HashedField[];
const KNOWN = new Set<string>([...JOB_FIELDS, 'contentHash']);

/**
 * The hash of everything in the job but `contentHash` itself (guideSlug included: a new link is a change):
 * sha256 of the canonical JSON of its fields in sorted key order. Equal to hashing `canonicalJson` of the
 * job without contentHash, but without walking it generically (this runs once per job per sync).
 */
export function jobContentHash(job: Omit<Job, 'contentHash'> & { contentHash?: string }): string {
  // Fields this module does not know (a newer Job shape) still count: then the generic walk, in sorted order.
  for (const key in job) {
    if (!KNOWN.has(key)) {
      const { contentHash: _hash, ...content } = job;
      return sha256Hex(canonicalJson(content));
    }
  }
  const parts: string[] = [];
  for (const key of JOB_FIELDS) {
    const value = job[key];
    if (value === undefined) continue;
    const json = key === 'salary' && value !== null ? canonicalJson(value) : JSON.stringify(value);
    parts.push(`"${key}":${json}`);
  }
  return sha256Hex(`{${parts.join(',')}}`);
}
