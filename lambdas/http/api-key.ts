/**
 * The operators' API key (header x-api-key), compared in constant time. The key comes from a
 * provider (Secrets Manager in AWS through shared/secrets.ts, kept briefly so a rotated key takes
 * effect without a redeploy; ADMIN_API_KEY locally).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpProblem } from './problems';

export type KeyProvider = () => Promise<string>;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Equal-length digests, so neither the comparison nor its length leaks how much of the key matched. */
export function sameKey(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export async function requireApiKey(headers: Record<string, string>, key: KeyProvider): Promise<void> {
  const given = headers['x-api-key'];
  if (given === undefined || given === '') {
    throw new HttpProblem(401, 'unauthorized', 'Send the operator API key in the x-api-key header.', undefined, {
      'www-authenticate': 'ApiKey header="x-api-key"',
    });
  }
  const expected = await key();
  if (expected.length < 16) throw new Error('the configured admin API key is shorter than 16 characters');
  if (!sameKey(given, expected)) throw new HttpProblem(403, 'forbidden', 'The API key is not valid.');
}
