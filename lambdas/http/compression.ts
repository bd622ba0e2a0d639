/**
 * Response compression in the function: API Gateway HTTP APIs pass bodies through as they are, so a
 * 31 KB guide would cross the network whole. Bodies over LIMITS.compressMinBytes go out as br (or
 * gzip) to clients that accept it, base64-encoded in the result (API Gateway and the local gateway
 * decode it). Every answer whose body could be compressed says `Vary: Accept-Encoding`.
 *
 * ETags: a compressed body carries the weak form of the route's tag (W/"…"): the same content, other
 * bytes. If-None-Match is compared weakly (RFC 9110 §13.1.2), so the tag a client got with a
 * compressed answer still earns a 304, and the routes never need to know about encodings.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LIMITS } from '../shared/limits';

export type Encoding = 'br' | 'gzip';

/** The encoding to use for an Accept-Encoding header: br if acceptable, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const q = new Map<string, number>();
  for (const item of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = item.split(';').map((p) => p.trim().toLowerCase());
    if (name === undefined || name === '') continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*');
  const accepts = (name: Encoding) => (q.get(name) ?? star ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return undefined;
}

/**
 * Dynamic answers: brotli at quality 5 compresses a guide about as well as gzip -9 in a fraction of
 * brotli's default (11) time.
 */
function compress(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return gzipSync(body, { level: 6 });
  return brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

/**
 * Compressed bodies of tagged answers, by encoding, path and ETag: a guide's bytes are compressed once
 * per instance, not per request. Small and bounded: the oldest entry goes first.
 */
const kept = new Map<string, string>();
const KEPT_MAX = 64;

function compressedBase64(body: string, encoding: Encoding, cacheKey: string | undefined): string {
  if (cacheKey !== undefined) {
    const hit = kept.get(`${encoding}\n${cacheKey}`);
    if (hit !== undefined) return hit;
  }
  const out = compress(Buffer.from(body, 'utf8'), encoding).toString('base64');
  if (cacheKey !== undefined) {
    if (kept.size >= KEPT_MAX) kept.delete(kept.keys().next().value as string);
    kept.set(`${encoding}\n${cacheKey}`, out);
  }
  return out;
}

const weak = (etag: string) => (etag.startsWith('W/') ? etag : `W/${etag}`);

function withVary(headers: Record<string, string | number | boolean>): void {
  const vary = headers.vary;
  if (vary === undefined || vary === '') headers.vary = 'Accept-Encoding';
  else if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(String(vary))) headers.vary = `${String(vary)}, Accept-Encoding`;
}

/** Compresses `result` in place for a request that sent `acceptEncoding`, when it is worth it. */
export function compressResult(
  result: APIGatewayProxyStructuredResultV2,
  request: { acceptEncoding: string | undefined; path: string; head: boolean },
): APIGatewayProxyStructuredResultV2 {
  const headers = (result.headers ??= {});
  const status = result.statusCode ?? 200;
  // A 304 stands for the answer a 200 would have been: same Vary, and the tag that answer would carry.
  if (status === 304) {
    withVary(headers);
    if (typeof headers.etag === 'string' && chooseEncoding(request.acceptEncoding) !== undefined) headers.etag = weak(headers.etag);
    return result;
  }
  const body = result.body;
  if (body === undefined || result.isBase64Encoded === true || headers['content-encoding'] !== undefined) {
    // HEAD answers have no body here but would have had one: they describe the GET.
    if (request.head) withVary(headers);
    return result;
  }
  if (Buffer.byteLength(body, 'utf8') <= LIMITS.compressMinBytes) return result;
  withVary(headers);
  const encoding = chooseEncoding(request.acceptEncoding);
  if (encoding === undefined) return result;
  const etag = typeof headers.etag === 'string' ? headers.etag : undefined;
  result.body = compressedBase64(body, encoding, etag === undefined ? undefined : `${request.path}\n${etag}`);
  result.isBase64Encoded = true;
  headers['content-encoding'] = encoding;
  if (etag !== undefined) headers.etag = weak(etag);
  return result;
}
