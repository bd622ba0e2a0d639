/**
 * The OpenAPI document as API consumers meet it, on the real local stack: Redocly's recommended
 * rules find no error in what GET /openapi.json serves, `servers` is this stack's own URL, admin
 * operations declare the x-api-key scheme, and a client generated from it (openapi-typescript types,
 * committed as test/support/openapi-types.ts and checked to be current; openapi-fetch) works.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import type { paths } from '../support/openapi-types';
import { startTestStack, type TestStack } from '../support/stack';

const REPO = join(__dirname, '..', '..');
const REDOCLY = join(REPO, 'node_modules', '.bin', 'redocly');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}
interface Document {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

let stack: TestStack;
let document: Document;
let dir: string;

beforeAll(async () => {
  stack = await startTestStack();
  dir = mkdtempSync(join(tmpdir(), 'careerwire-openapi-'));
  const res = await fetch(`${stack.apiUrl}/openapi.json`);
  expect(res.status).toBe(200);
  document = (await res.json()) as Document;
});

afterAll(async () => {
  await stack?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('GET /openapi.json', () => {
  it("has no error under Redocly's recommended rules", () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    // Exits non-zero when there are errors: read the JSON report either way.
    let report: string;
    try {
      report = execFileSync(REDOCLY, ['lint', file, '--format=json', '--extends=recommended'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      report = String((error as { stdout?: unknown }).stdout ?? '');
    }
    const problems = (JSON.parse(report) as { problems: { severity: string; ruleId: string; message: string }[] }).problems;
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it("names this deployment's URL as its server", () => {
    expect(document.servers).toEqual([{ url: stack.apiUrl }]);
  });

  it('declares x-api-key on every admin operation and no security on the public ones', () => {
    expect(document.components.securitySchemes.apiKey).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }));
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    const admin = operations.filter((o) => o.path.startsWith('/admin/'));
    expect(admin.length).toBeGreaterThanOrEqual(4);
    for (const { op } of admin) {
      expect(op.security).toEqual([{ apiKey: [] }]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '4XX']));
    }
    for (const { op } of operations.filter((o) => !o.path.startsWith('/admin/'))) {
      expect(op.security).toEqual([]);
      expect(Object.keys(op.responses).some((status) => status.startsWith('4'))).toBe(true);
    }
  });

  it('generates the committed client types (npm run openapi:types when this fails)', () => {
    const file = join(dir, 'served.json');
    writeFileSync(file, JSON.stringify(document));
    const generated = join(dir, 'openapi-types.ts');
    execFileSync(TSX, [join(REPO, 'test', 'support', 'write-openapi-types.ts'), file, generated], { stdio: 'ignore' });
    expect(readFileSync(generated, 'utf8')).toBe(readFileSync(join(REPO, 'test', 'support', 'openapi-types.ts'), 'utf8'));
  });
});

describe('a typed client generated from the document', () => {
  const client = () => createClient<paths>({ baseUrl: stack.apiUrl });

  it('reads guides and jobs', async () => {
    const list = await client().GET('/guides', { params: { query: { limit: 1, sort: 'title' } } });
    expect(list.response.status).toBe(200);
    expect(list.data?.items).toHaveLength(1);
    const slug = list.data?.items[0]?.slug as string;
    const guide = await client().GET('/guides/{slug}', { params: { path: { slug } } });
    expect(guide.data?.slug).toBe(slug);
    const jobs = await client().GET('/jobs', { params: { query: { limit: 5 } } });
    expect(jobs.response.status).toBe(200);
    expect(Array.isArray(jobs.data?.items)).toBe(true);
  });

  it('gets problem details as the typed error of a 4xx', async () => {
    const missing = await client().GET('/guides/{slug}', { params: { path: { slug: 'no-such-guide' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ status: 404, type: '/problems/not-found' });
    const bad = await client().GET('/jobs', { params: { query: { limit: 0 } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.[0]?.field).toBe('limit');
  });

  it('calls an admin operation with the key the document declares, and is refused without it', async () => {
    const body = { source: 'client-test', jobs: [{ id: 'c1', url: 'https://jobs.example/c1', jobTitle: 'Archivist', companyName: 'Records Ltd', pubDate: new Date().toISOString() }] };
    const refused = await client().POST('/admin/jobs', { body });
    expect(refused.response.status).toBe(401);
    const written = await client().POST('/admin/jobs', { body, headers: { 'x-api-key': stack.adminApiKey } });
    expect(written.response.status).toBe(200);
    expect(written.data?.results).toEqual([{ index: 0, id: 'client-test:c1', status: 'written' }]);
  });
});
