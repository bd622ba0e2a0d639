import { createApi } from '../../../lambdas/app/routes';
import { validate } from '../../../lambdas/http/schema';
import { guideSchemas } from '../../../lambdas/guides/routes';
import { httpEvent, json, recordingLogger } from '../../support/events';
import { sampleGuide, withSalary } from '../../support/guides';
import { MemoryGuideStore } from '../../support/memory/guides';
import { MemoryJobStore } from '../../support/memory/jobs';

async function setup() {
  const store = new MemoryGuideStore();
  await store.putAll([
    sampleGuide({ slug: 'nurse', title: 'Nurse', growthRatePercent: 6, salary: withSalary(80_000), workArrangement: 'on-site' }),
    sampleGuide({ slug: 'data-analyst', title: 'Data Analyst', growthRatePercent: 23, salary: withSalary(90_000), workArrangement: 'remote-friendly' }),
    sampleGuide({ slug: 'welder', title: 'Welder', growthRatePercent: 2, salary: withSalary(48_000) }),
    sampleGuide({ slug: 'archivist', title: 'Archivist', summary: 'Archivists keep records safe.', growthRatePercent: null }),
  ]);
  const log = recordingLogger();
  return { store, log, api: createApi({ guides: store, jobs: new MemoryJobStore(), log }) };
}

describe('GET /guides', () => {
  it('lists summaries in title order with a cursor to the next page', async () => {
    const { api } = await setup();
    const first = await api(httpEvent('GET', '/guides?limit=3'));
    expect(first.statusCode).toBe(200);
    const page = json(first) as { items: { slug: string }[]; nextCursor: string };
    expect(page.items.map((i) => i.slug)).toEqual(['archivist', 'data-analyst', 'nurse']);
    expect(validate(guideSchemas.GuideList, page)).toEqual([]);

    const second = json(await api(httpEvent('GET', `/guides?limit=3&cursor=${page.nextCursor}`))) as typeof page;
    expect(second.items.map((i) => i.slug)).toEqual(['welder']);
    expect(second.nextCursor).toBeNull();
  });

  it('sorts by salary and by growth, missing values last', async () => {
    const { api } = await setup();
    const bySalary = json(await api(httpEvent('GET', '/guides?sort=salary'))) as { items: { slug: string }[] };
    expect(bySalary.items.map((i) => i.slug)).toEqual(['data-analyst', 'nurse', 'welder', 'archivist']);
    const byGrowth = json(await api(httpEvent('GET', '/guides?sort=growth&limit=2'))) as {
      items: { slug: string }[];
      nextCursor: string;
    };
    expect(byGrowth.items.map((i) => i.slug)).toEqual(['data-analyst', 'nurse']);
    const rest = json(await api(httpEvent('GET', `/guides?sort=growth&cursor=${byGrowth.nextCursor}`))) as {
      items: { slug: string }[];
    };
    expect(rest.items.map((i) => i.slug)).toEqual(['welder', 'archivist']);
  });

  it('filters by words and by remote', async () => {
    const { api } = await setup();
    const q = json(await api(httpEvent('GET', '/guides?q=RECORDS%20archivists'))) as { items: { slug: string }[] };
    expect(q.items.map((i) => i.slug)).toEqual(['archivist']);
    const remote = json(await api(httpEvent('GET', '/guides?remote=true'))) as { items: { slug: string }[] };
    expect(remote.items.map((i) => i.slug)).toEqual(['data-analyst']);
    const onsite = json(await api(httpEvent('GET', '/guides?remote=false'))) as { items: unknown[] };
    expect(onsite.items).toHaveLength(3);
  });

  it.each([
    ['/guides?limit=0', 'limit'],
    ['/guides?limit=abc', 'limit'],
    ['/guides?sort=price', 'sort'],
    ['/guides?remote=maybe', 'remote'],
    ['/guides?colour=red', 'colour'],
    ['/guides?cursor=not*base64', 'cursor'],
    [`/guides?cursor=${Buffer.from('{"o":"title","v":1,"s":"x"}').toString('base64url')}`, 'cursor'],
    [`/guides?sort=salary&cursor=${Buffer.from('{"o":"title","v":"a","s":"x"}').toString('base64url')}`, 'cursor'],
    [`/guides?cursor=${Buffer.from('null').toString('base64url')}`, 'cursor'],
  ])('answers 400 problem+json for %s', async (target, field) => {
    const { api } = await setup();
    const result = await api(httpEvent('GET', target));
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    const problem = json(result) as { status: number; errors: { field: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.field)).toContain(field);
  });
});

describe('GET /guides/{slug}', () => {
  it('returns the guide with caching headers, and 304 for a matching If-None-Match', async () => {
    const { api, store } = await setup();
    const guide = store.guides.get('nurse');
    const result = await api(httpEvent('GET', '/guides/nurse'));
    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual(guide);
    expect(result.headers?.etag).toBe(`"${guide?.contentHash}"`);
    expect(result.headers?.['cache-control']).toMatch(/max-age=\d+/);

    for (const tag of [result.headers?.etag, `W/${result.headers?.etag}`, `"other", ${result.headers?.etag}`, '*']) {
      const again = await api(httpEvent('GET', '/guides/nurse', { headers: { 'If-None-Match': String(tag) } }));
      expect(again.statusCode).toBe(304);
      expect(again.body).toBeUndefined();
    }
    const stale = await api(httpEvent('GET', '/guides/nurse', { headers: { 'if-none-match': '"old"' } }));
    expect(stale.statusCode).toBe(200);
  });

  it('answers 404 for an unknown guide and 400 for a malformed slug', async () => {
    const { api } = await setup();
    const missing = await api(httpEvent('GET', '/guides/astronaut'));
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toMatchObject({ type: '/problems/not-found', status: 404, instance: '/guides/astronaut' });
    expect((await api(httpEvent('GET', '/guides/Not_A_Slug'))).statusCode).toBe(400);
    expect((await api(httpEvent('GET', '/guides/%E0%A4%A'))).statusCode).toBe(400);
  });
});

describe('routing and failures', () => {
  it('answers 404 for unknown routes and 405 with Allow for wrong methods', async () => {
    const { api } = await setup();
    const unknown = await api(httpEvent('GET', '/nope'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers?.['content-type']).toBe('application/problem+json');
    const wrong = await api(httpEvent('DELETE', '/guides'));
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers?.allow).toBe('GET, HEAD');
  });

  it('serves HEAD like GET without a body', async () => {
    const { api } = await setup();
    const head = await api(httpEvent('HEAD', '/guides/nurse'));
    expect(head.statusCode).toBe(200);
    expect(head.body).toBeUndefined();
    expect(head.headers?.etag).toBeDefined();
  });

  it('turns a store failure into 500 problem+json without leaking the error, and logs it', async () => {
    const { store, log } = await setup();
    store.get = async () => {
      throw new Error('secret table name leaked');
    };
    const api = createApi({ guides: store, jobs: new MemoryJobStore(), log });
    const result = await api(httpEvent('GET', '/guides/nurse'));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(log.lines[0]).toMatchObject({ level: 'error', message: 'unhandled error' });
  });

  it('answers 503 with Retry-After when the database is unreachable', async () => {
    const { store, log } = await setup();
    store.listSummaries = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    };
    const result = await createApi({ guides: store, jobs: new MemoryJobStore(), log })(httpEvent('GET', '/guides'));
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('1');
  });

  it('publishes an OpenAPI 3.1 document of every route, with the validating schemas', async () => {
    const { api } = await setup();
    const doc = json(await api(httpEvent('GET', '/openapi.json'))) as {
      openapi: string;
      paths: Record<string, Record<string, { parameters: { name: string; schema: unknown }[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/admin/alerts/run',
      '/admin/jobs',
      '/admin/runs/{id}',
      '/guides',
      '/guides/{slug}',
      '/guides/{slug}/jobs',
      '/health',
      '/jobs',
      '/jobs/{id}',
      '/openapi.json',
      '/plus',
    ]);
    const limit = doc.paths['/guides']?.get?.parameters.find((p) => p.name === 'limit');
    expect(limit?.schema).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Guide', 'GuideSummary', 'Job', 'Problem']));
  });

  it('answers 414 for an overlong target and 413 for an oversized body, as problem+json', async () => {
    const { api } = await setup();
    const long = await api(httpEvent('GET', `/guides?q=${'a'.repeat(9000)}`));
    expect(long.statusCode).toBe(414);
    expect(long.headers?.['content-type']).toBe('application/problem+json');
    const big = await api(httpEvent('POST', '/guides', { body: 'x'.repeat(300 * 1024), headers: { 'content-type': 'application/json' } }));
    expect(big.statusCode).toBe(413);
    expect(json(big)).toMatchObject({ status: 413, type: '/problems/content-too-large' });
  });

  it('serves the Plus page that Free digests link to', async () => {
    const { api } = await setup();
    const res = await api(httpEvent('GET', '/plus'));
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('every day');
  });

  it('answers /health', async () => {
    const { api } = await setup();
    const result = await api(httpEvent('GET', '/health'));
    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual({ status: 'ok' });
  });
});
