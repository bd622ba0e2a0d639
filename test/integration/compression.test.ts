/**
 * Compression over real HTTP: the api function compresses, the local gateway (as API Gateway does)
 * decodes the base64 result and sends the bytes with the function's Content-Encoding.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestStack, type TestStack } from '../support/stack';

const SLUG = 'medical-office-administrator';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** The raw answer (node:http does not decode, unlike fetch). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${stack.apiUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

it('serves a guide as br or gzip bytes that decode to the plain JSON, and 304s the weak tag', async () => {
  const plain = await get(`/guides/${SLUG}`, {});
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  const br = await get(`/guides/${SLUG}`, { 'accept-encoding': 'gzip, deflate, br' });
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers.vary).toBe('Accept, Accept-Encoding');
  expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
  expect(br.body.length).toBeLessThan(plain.body.length / 2);
  const gzip = await get(`/guides/${SLUG}`, { 'accept-encoding': 'gzip' });
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);

  const again = await get(`/guides/${SLUG}`, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
});
