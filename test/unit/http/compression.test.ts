import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createApi } from '../../../lambdas/app/routes';
import { chooseEncoding } from '../../../lambdas/http/compression';
import { LIMITS } from '../../../lambdas/shared/limits';
import { httpEvent, recordingLogger } from '../../support/events';
import { sampleGuide } from '../../support/guides';
import { MemoryGuideStore } from '../../support/memory/guides';
import { MemoryJobStore } from '../../support/memory/jobs';

// A guide well over the threshold, as real ones are (~31 KB of JSON).
const guide = sampleGuide({ slug: 'archivist', title: 'Archivist', summary: 'Archivists keep records safe. '.repeat(200) });

async function setup() {
  const store = new MemoryGuideStore();
  await store.putAll([guide]);
  return createApi({ guides: store, jobs: new MemoryJobStore(), log: recordingLogger() });
}

function decoded(res: APIGatewayProxyStructuredResultV2): string {
  const raw = Buffer.from(res.body as string, res.isBase64Encoded === true ? 'base64' : 'utf8');
  const encoding = res.headers?.['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
  return raw.toString('utf8');
}

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['identity', undefined],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('compressed answers', () => {
  it('sends a large body as br to a client that accepts it, the same JSON once decoded, with a weak ETag and Vary', async () => {
    const api = await setup();
    const plain = await api(httpEvent('GET', '/guides/archivist'));
    expect(plain.headers?.['content-encoding']).toBeUndefined();
    expect(plain.headers?.vary).toBe('Accept, Accept-Encoding');
    expect(Buffer.byteLength(plain.body as string)).toBeGreaterThan(LIMITS.compressMinBytes);

    const br = await api(httpEvent('GET', '/guides/archivist', { headers: { 'accept-encoding': 'gzip, deflate, br' } }));
    expect(br.statusCode).toBe(200);
    expect(br.isBase64Encoded).toBe(true);
    expect(br.headers?.['content-encoding']).toBe('br');
    expect(br.headers?.vary).toBe('Accept, Accept-Encoding');
    expect(br.headers?.etag).toBe(`W/${plain.headers?.etag as string}`);
    expect(decoded(br)).toBe(plain.body);
    expect(Buffer.from(br.body as string, 'base64').length).toBeLessThan(Buffer.byteLength(plain.body as string) / 4);

    const gzip = await api(httpEvent('GET', '/guides/archivist', { headers: { 'accept-encoding': 'gzip' } }));
    expect(gzip.headers?.['content-encoding']).toBe('gzip');
    expect(decoded(gzip)).toBe(plain.body);
  });

  it('answers 304 to the weak tag of a compressed answer and to the strong tag of a plain one', async () => {
    const api = await setup();
    const br = await api(httpEvent('GET', '/guides/archivist', { headers: { 'accept-encoding': 'br' } }));
    const weakTag = br.headers?.etag as string;
    const again = await api(httpEvent('GET', '/guides/archivist', { headers: { 'accept-encoding': 'br', 'if-none-match': weakTag } }));
    expect(again.statusCode).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers?.etag).toBe(weakTag);
    expect(again.headers?.vary).toBe('Accept, Accept-Encoding');

    const strong = weakTag.slice(2);
    const plain = await api(httpEvent('GET', '/guides/archivist', { headers: { 'if-none-match': strong } }));
    expect(plain.statusCode).toBe(304);
    expect(plain.headers?.etag).toBe(strong);
    // A tag of other content is no match, compressed or not.
    const changed = await api(httpEvent('GET', '/guides/archivist', { headers: { 'accept-encoding': 'br', 'if-none-match': 'W/"other"' } }));
    expect(changed.statusCode).toBe(200);
  });

  it('leaves small bodies and HEAD answers uncompressed', async () => {
    const api = await setup();
    const health = await api(httpEvent('GET', '/health', { headers: { 'accept-encoding': 'br' } }));
    expect(health.headers?.['content-encoding']).toBeUndefined();
    expect(health.isBase64Encoded).not.toBe(true);
    expect(JSON.parse(health.body as string)).toEqual({ status: 'ok' });
    const head = await api(httpEvent('HEAD', '/guides/archivist', { headers: { 'accept-encoding': 'br' } }));
    expect(head.statusCode).toBe(200);
    expect(head.body).toBeUndefined();
    expect(head.headers?.vary).toBe('Accept, Accept-Encoding');
  });

  it('compresses HTML pages over the threshold too', async () => {
    const api = await setup();
    const page = await api(httpEvent('GET', '/guides/archivist', { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } }));
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-encoding']).toBe('gzip');
    expect(page.headers?.etag).toMatch(/^W\/"p-/);
    expect(decoded(page)).toContain('<h1');
  });
});
