import { Logger } from '@aws-lambda-powertools/logger';
import { createAdminApi } from '../../../lambdas/app/admin-routes';
import { decodeCursor, encodeCursor, withCursorKeys } from '../../../lambdas/http/cursor';
import { redactEmails } from '../../../lambdas/shared/email';
import { Router, route, SECURITY_HEADERS } from '../../../lambdas/http/router';
import { Type } from '../../../lambdas/http/schema';
import { httpEvent, json, recordingLogger } from '../../support/events';

const KEY = 'router-test-admin-key-0123456789';
const HSTS = 'max-age=31536000; includeSubDomains';

function adminApi() {
  const calls: string[] = [];
  const api = createAdminApi({
    jobs: {
      hashes: async () => {
        calls.push('hashes');
        return new Map();
      },
      putAll: async () => undefined,
    },
    linker: async () => () => null,
    apiKey: async () => KEY,
    now: () => new Date('2026-11-27T12:00:00Z'),
    log: recordingLogger(),
  });
  return { api, calls };
}

describe('admin API: the key is checked before anything else', () => {
  const badBody = { headers: { 'content-type': 'application/json' }, body: '{"jobs":"not a list","extra":true}' };

  it('no key and a bad body: 401, and nothing about the schema', async () => {
    const { api, calls } = adminApi();
    const result = await api(httpEvent('POST', '/admin/jobs', badBody));
    expect(result.statusCode).toBe(401);
    expect(result.headers?.['www-authenticate']).toBe('ApiKey header="x-api-key"');
    expect(json(result)).not.toHaveProperty('errors');
    expect(result.body).not.toMatch(/body|schema|invalid/i);
    expect(calls).toEqual([]);
  });

  it('a wrong key and a bad body: 403', async () => {
    const { api } = adminApi();
    const result = await api(httpEvent('POST', '/admin/jobs', { ...badBody, headers: { ...badBody.headers, 'x-api-key': 'wrong-key-0123456789' } }));
    expect(result.statusCode).toBe(403);
    expect(json(result)).not.toHaveProperty('errors');
  });

  it('no key: unknown paths, wrong methods, bad JSON and oversized bodies are all 401', async () => {
    const { api } = adminApi();
    const answers = await Promise.all([
      api(httpEvent('GET', '/admin/nothing-here')),
      api(httpEvent('DELETE', '/admin/jobs')),
      api(httpEvent('POST', '/admin/jobs', { headers: { 'content-type': 'application/json' }, body: '{' })),
      api(httpEvent('POST', '/admin/jobs', { headers: { 'content-type': 'application/json' }, body: 'x'.repeat(300 * 1024) })),
      api(httpEvent('PUT', '/admin/subscribers/ann%40example.com/tier', badBody)),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 401, 401, 401]);
  });

  it('with the key, the same bad body is validated: 400 listing the field', async () => {
    const { api } = adminApi();
    const result = await api(httpEvent('POST', '/admin/jobs', { ...badBody, headers: { ...badBody.headers, 'x-api-key': KEY } }));
    expect(result.statusCode).toBe(400);
    expect((json(result) as { errors: { field: string }[] }).errors.length).toBeGreaterThan(0);
  });
});

describe('security headers on every answer', () => {
  const router = new Router(
    [
      route({ method: 'GET', path: '/ok', operationId: 'ok', summary: 'ok', responses: {}, handle: async () => ({ status: 200, body: { ok: true } }) }),
      route({ method: 'GET', path: '/cached', operationId: 'cached', summary: 'cached', responses: {}, handle: async () => ({ status: 304, headers: { etag: '"x"' } }) }),
      route({
        method: 'GET',
        path: '/boom',
        operationId: 'boom',
        summary: 'boom',
        responses: {},
        handle: async () => {
          throw new Error('kaput');
        },
      }),
      route({
        method: 'GET',
        path: '/busy',
        operationId: 'busy',
        summary: 'busy',
        responses: {},
        handle: async () => {
          throw Object.assign(new Error('slow'), { name: 'TimeoutError' });
        },
      }),
      route({
        method: 'GET',
        path: '/override',
        operationId: 'override',
        summary: 'a route cannot weaken them',
        responses: {},
        handle: async () => ({ status: 200, headers: { 'strict-transport-security': 'max-age=0' }, body: {} }),
      }),
    ],
    recordingLogger(),
  );

  it.each([
    ['GET', '/ok', 200],
    ['HEAD', '/ok', 200],
    ['GET', '/cached', 304],
    ['GET', '/missing', 404],
    ['POST', '/ok', 405],
    ['GET', '/boom', 500],
    ['GET', '/busy', 503],
    ['GET', '/override', 200],
  ])('%s %s → %i with HSTS and nosniff', async (method, path, status) => {
    const result = await router.handle(httpEvent(method, path));
    expect(result.statusCode).toBe(status);
    expect(result.headers?.['strict-transport-security']).toBe(HSTS);
    expect(result.headers?.['x-content-type-options']).toBe('nosniff');
  });

  it('HSTS lasts at least a year and covers subdomains', () => {
    const maxAge = Number(/max-age=(\d+)/.exec(SECURITY_HEADERS['strict-transport-security'])?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(365 * 86_400);
    expect(SECURITY_HEADERS['strict-transport-security']).toContain('includeSubDomains');
  });
});

describe('error logs carry no address', () => {
  it('redactEmails: plain, percent-encoded and mixed-case addresses', () => {
    expect(redactEmails('/admin/subscribers/Ann.Lee%40Example.com/tier')).toBe('/admin/subscribers/<redacted-address>/tier');
    expect(redactEmails('/admin/subscribers/ann%2Bx%40example.com/tier')).toBe('/admin/subscribers/<redacted-address>/tier');
    expect(redactEmails('not verified: bob@x.io, carol@y.org')).toBe('not verified: <redacted-address>, <redacted-address>');
    expect(redactEmails('/guides/data-analyst')).toBe('/guides/data-analyst');
  });

  it('the router logs the route template and a redacted path and error, as Powertools writes them', async () => {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const log = new Logger({ serviceName: 'router-test', logLevel: 'DEBUG' });
      const router = new Router(
        [
          route({
            method: 'PUT',
            path: '/admin/subscribers/{email}/tier',
            operationId: 'tier',
            summary: 'tier',
            pathParams: Type.Object({ email: Type.String({ description: 'e' }) }),
            responses: {},
            handle: async ({ params }) => {
              throw new Error(`conditional check failed for ${params.email}`);
            },
          }),
          route({
            method: 'GET',
            path: '/admin/subscribers/{email}',
            operationId: 'get',
            summary: 'get',
            pathParams: Type.Object({ email: Type.String({ description: 'e' }) }),
            responses: {},
            handle: async ({ params }) => {
              throw Object.assign(new Error(`timed out reading ${params.email}`), { name: 'TimeoutError' });
            },
          }),
        ],
        log,
      );
      const tier = await router.handle(httpEvent('PUT', '/admin/subscribers/ann.lee%40example.com/tier'));
      const read = await router.handle(httpEvent('GET', '/admin/subscribers/Bob@Example.org'));
      expect([tier.statusCode, read.statusCode]).toEqual([500, 503]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const lines = written.join('').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.message, l.route, l.path])).toEqual([
      ['unhandled error', '/admin/subscribers/{email}/tier', '/admin/subscribers/<redacted-address>/tier'],
      ['dependency unavailable', '/admin/subscribers/{email}', '/admin/subscribers/<redacted-address>'],
    ]);
    const text = written.join('');
    expect(text).toContain('<redacted-address>');
    expect(text).not.toMatch(/ann\.lee|bob@|example\.(com|org)|%40/i);
  });
});

describe('page cursors are signed', () => {
  const keys = [Buffer.alloc(32, 1)];
  const pageRoute = (log = recordingLogger()) =>
    new Router(
      [
        route({
          method: 'GET',
          path: '/pages',
          operationId: 'pages',
          summary: 'pages',
          query: Type.Object({ cursor: Type.Optional(Type.String({ description: 'c', pattern: '^[A-Za-z0-9_-]+$' })) }),
          responses: {},
          handle: async ({ query }) => {
            const at = query.cursor !== undefined ? decodeCursor(query.cursor, 'fp', (p): p is number => typeof p === 'number') : 0;
            return { status: 200, body: { at, next: encodeCursor(at + 1, 'fp') } };
          },
        }),
      ],
      log,
      { cursorKeys: async () => keys },
    );

  it('a cursor the router issued pages on; one altered anywhere, or made without the key, is a 400', async () => {
    const router = pageRoute();
    const first = json(await router.handle(httpEvent('GET', '/pages'))) as { at: number; next: string };
    const second = json(await router.handle(httpEvent('GET', `/pages?cursor=${first.next}`))) as { at: number; next: string };
    expect(second.at).toBe(1);
    const payload = Buffer.from(JSON.stringify({ p: 99, f: 'fp' })).toString('base64url');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = [
      payload,
      payload + 'A'.repeat(22),
      withCursorKeys([Buffer.alloc(32, 2)], () => encodeCursor(99, 'fp')),
      flip(second.next, 3),
      flip(second.next, second.next.length - 1),
      second.next.slice(0, -1),
      second.next.slice(0, 22),
    ];
    for (const cursor of forged) {
      const result = await router.handle(httpEvent('GET', `/pages?cursor=${cursor}`));
      expect({ cursor, status: result.statusCode }).toEqual({ cursor, status: 400 });
      expect(result.headers?.['content-type']).toBe('application/problem+json');
    }
  });

  it('a previous key still verifies after rotation', async () => {
    const old = withCursorKeys([Buffer.alloc(32, 3)], () => encodeCursor(5, 'fp'));
    const rotated = new Router(pageRoute().routes, recordingLogger(), { cursorKeys: async () => [Buffer.alloc(32, 4), Buffer.alloc(32, 3)] });
    const result = await rotated.handle(httpEvent('GET', `/pages?cursor=${old}`));
    expect(result.statusCode).toBe(200);
    expect((json(result) as { at: number }).at).toBe(5);
  });

  it('outside a route the router runs, making a cursor is a programming error', () => {
    expect(() => encodeCursor(1, 'fp')).toThrow(/cursor keys are not set/);
  });
});
