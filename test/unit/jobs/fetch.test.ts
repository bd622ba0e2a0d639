import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchFeed, parseRetryAfter } from '../../../lambdas/jobs/fetch';
import { parseFeed } from '../../../lambdas/jobs/feeds';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/** A real HTTP server on 127.0.0.1 and a free port, routing by path; it records every request. */
class TestServer {
  readonly requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly hits = new Map<string, number>();
  private server!: Server;
  base = '';

  route(path: string, handler: Handler): string {
    this.routes.set(path, handler);
    return `${this.base}${path}`;
  }

  hitsOf(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const hit = (this.hits.get(path) ?? 0) + 1;
      this.hits.set(path, hit);
      this.requests.push({ path, headers: req.headers });
      const handler = this.routes.get(path);
      if (handler) handler(req, res, hit);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const FEED = JSON.stringify({
  jobs: [{ id: 1, url: 'https://x.example/1', jobTitle: 'Data Analyst', companyName: 'Tallgrass', pubDate: '2026-11-20 10:00:00' }],
});

const server = new TestServer();
const sleeps: number[] = [];
/**
 * Fast, recorded backoff: tests assert the waits without spending them. The test server is on
 * 127.0.0.1, so its redirects need loopback allowed, as the local stack does.
 */
const options = {
  sleep: async (ms: number) => {
    sleeps.push(ms);
  },
  random: () => 0.5,
  timeoutMs: 2_000,
  redirects: { allow: ['loopback'] as const },
};

beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  sleeps.length = 0;
});

describe('fetchFeed against a real HTTP server', () => {
  it('returns the body with its validators, then not-modified on a conditional GET', async () => {
    const url = server.route('/etag', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"', 'last-modified': 'Fri, 20 Nov 2026 10:00:00 GMT' }).end(FEED);
    });
    const first = await fetchFeed({ name: 'etag', url }, undefined, options);
    expect(first).toMatchObject({
      kind: 'ok',
      body: FEED,
      contentType: 'application/json',
      etag: '"v1"',
      lastModified: 'Fri, 20 Nov 2026 10:00:00 GMT',
      status: 200,
      attempts: 1,
    });
    if (first.kind !== 'ok') throw new Error('expected ok');
    expect(parseFeed('etag', first.body, first.contentType, new Date('2026-11-27T00:00:00Z')).jobs).toHaveLength(1);

    const second = await fetchFeed({ name: 'etag', url }, { etag: first.etag, lastModified: first.lastModified }, options);
    expect(second).toEqual({ kind: 'not-modified', attempts: 1 });
    const last = server.requests.filter((r) => r.path === '/etag').at(-1);
    expect(last?.headers['if-none-match']).toBe('"v1"');
    expect(last?.headers['if-modified-since']).toBe('Fri, 20 Nov 2026 10:00:00 GMT');
    expect(last?.headers['user-agent']).toMatch(/careerwire/);
  });

  it('sends no conditional headers without a previous response', async () => {
    const url = server.route('/plain', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss/>'));
    const result = await fetchFeed({ name: 'plain', url }, undefined, options);
    expect(result).toMatchObject({ kind: 'ok', body: '<rss/>' });
    expect(result).not.toHaveProperty('etag');
    const last = server.requests.filter((r) => r.path === '/plain').at(-1);
    expect(last?.headers['if-none-match']).toBeUndefined();
    expect(last?.headers['if-modified-since']).toBeUndefined();
  });

  it('retries a 500 and succeeds, after a backoff', async () => {
    const url = server.route('/flaky', (_req, res, hit) => {
      if (hit === 1) return void res.writeHead(500).end('boom');
      res.writeHead(200, { 'content-type': 'application/json' }).end(FEED);
    });
    const result = await fetchFeed({ name: 'flaky', url }, undefined, options);
    expect(result).toMatchObject({ kind: 'ok', attempts: 2 });
    expect(server.hitsOf('/flaky')).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up on a 503 after the retries, with the status', async () => {
    const url = server.route('/down', (_req, res) => void res.writeHead(503).end());
    const result = await fetchFeed({ name: 'down', url }, undefined, { ...options, retries: 3, backoffBaseMs: 100, backoffMaxMs: 300 });
    expect(result).toEqual({ kind: 'failed', reason: 'HTTP 503 Service Unavailable (after 4 attempts)', status: 503, attempts: 4 });
    expect(server.hitsOf('/down')).toBe(4);
    // Exponential, capped at 300 ms, with jitter between half and all of each step (random = 0.5).
    expect(sleeps).toEqual([75, 150, 225]);
  });

  it('does not retry a 404', async () => {
    const url = server.route('/gone', (_req, res) => void res.writeHead(404).end('no'));
    const result = await fetchFeed({ name: 'gone', url }, undefined, options);
    expect(result).toEqual({ kind: 'failed', reason: 'HTTP 404 Not Found', status: 404, attempts: 1 });
    expect(server.hitsOf('/gone')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('honours Retry-After on a 429, and gives up when it is longer than the cap', async () => {
    const url = server.route('/slow-down', (_req, res, hit) => {
      if (hit === 1) return void res.writeHead(429, { 'retry-after': '2' }).end();
      res.writeHead(200).end(FEED);
    });
    expect(await fetchFeed({ name: 'slow', url }, undefined, options)).toMatchObject({ kind: 'ok', attempts: 2 });
    expect(sleeps).toEqual([2000]);

    const never = server.route('/go-away', (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end());
    const result = await fetchFeed({ name: 'away', url: never }, undefined, options);
    expect(result).toMatchObject({ kind: 'failed', status: 429, attempts: 1 });
    expect(result.kind === 'failed' && result.reason).toMatch(/Retry-After 3600s is longer than 30s/);
  });

  it('times out a hanging server, bounded by timeout × attempts', async () => {
    // Each attempt is ended by its own timeout: the server sees exactly two requests, and the client
    // closes each of them unanswered (the backoff between them is the fake sleep, recorded once).
    let closed = 0;
    let bothClosed: () => void = () => undefined;
    const closedTwice = new Promise<void>((resolve) => (bothClosed = resolve));
    server.route('/hang', (_req, res) => {
      res.on('close', () => {
        if (++closed === 2) bothClosed();
      });
    });
    const result = await fetchFeed({ name: 'hang', url: `${server.base}/hang` }, undefined, { ...options, timeoutMs: 150, retries: 1 });
    expect(result).toEqual({ kind: 'failed', reason: 'timed out after 150 ms (after 2 attempts)', attempts: 2 });
    await closedTwice;
    expect(server.hitsOf('/hang')).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it('times out a body that stops half way', async () => {
    const url = server.route('/stall', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"jobs": [');
    });
    const result = await fetchFeed({ name: 'stall', url }, undefined, { ...options, timeoutMs: 150, retries: 0 });
    expect(result).toMatchObject({ kind: 'failed', attempts: 1 });
    expect(result.kind === 'failed' && result.reason).toMatch(/timed out after 150 ms/);
  });

  it('aborts a streamed body past maxBytes (10 MB of garbage, no Content-Length)', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let written = 0;
    const url = server.route('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = (): void => {
        while (written < 10 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const result = await fetchFeed({ name: 'huge', url }, undefined, { ...options, maxBytes: 1024 * 1024 });
    expect(result).toEqual({ kind: 'failed', reason: 'body larger than 1048576 bytes', status: 200, attempts: 1 });
    expect(written).toBeLessThan(10 * 1024 * 1024);
  });

  it('refuses a declared Content-Length past maxBytes without reading', async () => {
    const url = server.route('/declared', (_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write('x');
    });
    const result = await fetchFeed({ name: 'declared', url }, undefined, { ...options, maxBytes: 1024 });
    expect(result).toMatchObject({ kind: 'failed', status: 200, attempts: 1 });
    expect(result.kind === 'failed' && result.reason).toMatch(/^body larger than 1024 bytes/);
  });

  it('reports a redirect loop after a bounded number of hops', async () => {
    const url = server.route('/loop', (_req, res) => void res.writeHead(302, { location: '/loop' }).end());
    const result = await fetchFeed({ name: 'loop', url }, undefined, options);
    expect(result).toEqual({ kind: 'failed', reason: 'too many redirects (more than 5)', status: 302, attempts: 1 });
    expect(server.hitsOf('/loop')).toBe(6);
  });

  it('follows a few redirects, keeping the conditional headers', async () => {
    server.route('/moved', (_req, res) => void res.writeHead(301, { location: '/moved-again' }).end());
    server.route('/moved-again', (_req, res) => void res.writeHead(307, { location: `${server.base}/target?x=1` }).end());
    server.route('/target', (req, res) => {
      if (req.headers['if-none-match'] === '"t"') return void res.writeHead(304).end();
      res.writeHead(200, { etag: '"t"' }).end(FEED);
    });
    const first = await fetchFeed({ name: 'moved', url: `${server.base}/moved` }, undefined, options);
    expect(first).toMatchObject({ kind: 'ok', url: `${server.base}/target?x=1`, etag: '"t"' });
    expect(await fetchFeed({ name: 'moved', url: `${server.base}/moved` }, { etag: '"t"' }, options)).toMatchObject({ kind: 'not-modified' });
  });

  it('refuses a redirect to a non-http(s) URL', async () => {
    const url = server.route('/to-file', (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    expect(await fetchFeed({ name: 'file', url }, undefined, options)).toMatchObject({
      kind: 'failed',
      reason: 'redirect to a non-http(s) URL: "file:///etc/passwd"',
    });
  });

  it('refuses a redirect to a metadata, private or (by default) loopback address without requesting it', async () => {
    const requested: string[] = [];
    const recording = ((input: string | URL | Request, init?: RequestInit) => {
      requested.push(String(input));
      return fetch(input, init);
    }) as typeof fetch;
    const cases: [string, string, typeof options.redirects | undefined, RegExp][] = [
      ['metadata', 'http://169.254.169.254/latest/meta-data/iam/', options.redirects, /"http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/" refused: 169\.254\.169\.254 is a metadata address$/],
      ['private', 'http://10.1.2.3:8080/admin?token=s3cret', options.redirects, /"http:\/\/10\.1\.2\.3:8080\/admin\?…" refused: 10\.1\.2\.3 is a private address$/],
      ['IPv4-mapped IPv6', 'http://[::ffff:192.168.1.1]/', options.redirects, /refused: ::ffff:c0a8:101 is a private address$/],
      ['loopback, default policy', `${server.base}/etag`, undefined, /refused: 127\.0\.0\.1 is a loopback address$/],
    ];
    for (const [i, [what, location, redirects, reason]] of cases.entries()) {
      const url = server.route(`/refused-${i}`, (_req, res) => void res.writeHead(302, { location }).end());
      requested.length = 0;
      const result = await fetchFeed({ name: what, url }, undefined, { ...options, fetch: recording, ...(redirects ? { redirects } : { redirects: {} }) });
      expect({ what, result }).toMatchObject({ what, result: { kind: 'failed', status: 302, attempts: 1 } });
      expect({ what, reason: result.kind === 'failed' ? result.reason : '' }).toEqual({ what, reason: expect.stringMatching(reason) });
      // Only the configured URL was requested: the refused target never was, and nothing was retried.
      expect({ what, requested }).toEqual({ what, requested: [url] });
    }
    expect(sleeps).toEqual([]);
  });

  it('passes a truncated JSON body through, and parseFeed reports it', async () => {
    const url = server.route('/truncated', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(FEED.slice(0, 40)));
    const result = await fetchFeed({ name: 'truncated', url }, undefined, options);
    if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    const feed = parseFeed('truncated', result.body, result.contentType);
    expect(feed.error).toMatch(/malformed JSON feed/);
    expect(feed.jobs).toEqual([]);
  });

  it('decodes the body with the declared charset', async () => {
    const url = server.route('/latin1', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=windows-1252' });
      res.end(Buffer.from([0x3c, 0x72, 0x73, 0x73, 0x3e, 0x43, 0x61, 0x66, 0xe9, 0x20, 0x80]));
    });
    expect(await fetchFeed({ name: 'latin1', url }, undefined, options)).toMatchObject({ kind: 'ok', body: '<rss>Café €' });
  });

  it('retries connection errors and reports them', async () => {
    const closed = new TestServer();
    await closed.start();
    const url = `${closed.base}/feed`;
    await closed.stop();
    const result = await fetchFeed({ name: 'refused', url }, undefined, { ...options, retries: 1 });
    expect(result).toMatchObject({ kind: 'failed', attempts: 2 });
    expect(result.kind === 'failed' && result.reason).toMatch(/^network error: ECONNREFUSED \(after 2 attempts\)$/);
    expect(sleeps).toHaveLength(1);
  });
});

describe('fetchFeed without a network', () => {
  it.each([['ftp://example.com/feed'], ['file:///etc/passwd'], ['javascript:alert(1)'], ['not a url']])('refuses %p without fetching', async (url) => {
    const fetch = jest.fn();
    const result = await fetchFeed({ name: 'bad', url }, undefined, { fetch: fetch as unknown as typeof globalThis.fetch });
    expect(result).toMatchObject({ kind: 'failed', attempts: 0 });
    expect(result.kind === 'failed' && result.reason).toMatch(/feed URL must be http\(s\)/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses a redirect from https to http, and one to a host name that resolves to a private address', async () => {
    const answers: Record<string, Response> = {
      'https://board.example/feed?key=k1': new Response(null, { status: 301, headers: { location: 'http://board.example/feed?key=k1' } }),
      'https://other.example/feed': new Response(null, { status: 302, headers: { location: 'https://intranet.example/jobs' } }),
    };
    const requested: string[] = [];
    const fake = (async (input: string) => {
      requested.push(input);
      return answers[input] ?? new Response('unexpected', { status: 500 });
    }) as unknown as typeof fetch;
    const lookup = async (host: string) => (host === 'intranet.example' ? ['203.0.113.9', '10.0.0.7'] : ['203.0.113.10']);

    const downgrade = await fetchFeed({ name: 'a', url: 'https://board.example/feed?key=k1' }, undefined, { fetch: fake, redirects: { lookup } });
    expect(downgrade).toEqual({ kind: 'failed', reason: 'redirect to "http://board.example/feed?…" refused: from https to http', status: 301, attempts: 1 });
    const inside = await fetchFeed({ name: 'b', url: 'https://other.example/feed' }, undefined, { fetch: fake, redirects: { lookup } });
    expect(inside).toEqual({
      kind: 'failed',
      reason: 'redirect to "https://intranet.example/jobs" refused: intranet.example resolves to 10.0.0.7, a private address',
      status: 302,
      attempts: 1,
    });
    expect(requested).toEqual(['https://board.example/feed?key=k1', 'https://other.example/feed']);
  });

  it('keeps credentials out of its reasons', async () => {
    const fetch = jest.fn();
    const result = await fetchFeed({ name: 'bad', url: 'ftp://user:pa55@feeds.example/jobs?key=s3cret' }, undefined, { fetch: fetch as unknown as typeof globalThis.fetch });
    expect(result).toEqual({ kind: 'failed', reason: 'feed URL must be http(s): "ftp://feeds.example/jobs?…"', attempts: 0 });
  });

  it('never throws, whatever fetch does', async () => {
    const weird = (async () => {
      throw 'a string, not an Error';
    }) as unknown as typeof fetch;
    const result = await fetchFeed({ name: 'weird', url: 'https://example.com/' }, undefined, { fetch: weird, retries: 0 });
    expect(result).toEqual({ kind: 'failed', reason: 'network error: a string, not an Error (after 1 attempt)', attempts: 1 });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 10:01:00 GMT', Date.UTC(2026, 10, 20, 10, 0, 0))).toBe(60_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 09:00:00 GMT', Date.UTC(2026, 10, 20, 10, 0, 0))).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
