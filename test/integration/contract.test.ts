/**
 * The API keeps the contract it publishes. On the real local stack, every operation GET /openapi.json
 * documents is called, admin ones included, and every answer (successes and problem+json errors) is
 * checked against the document itself: the status is one the operation documents (exactly, or under
 * 4XX/5XX), the content type is one the document gives for that status (no body where it gives
 * none), and the body validates against the schema given there (Ajv, JSON Schema 2020-12, formats).
 * A documented operation that no exchange here reached fails the file, so an operation cannot be
 * added without its answers being checked, and a response schema cannot drift from what is sent.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ERASE_FORM_PATH } from '../../lambdas/subscriptions/links';
import { linkIn, sesEmails } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  parameters?: unknown[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, ResponseObject>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

const DOCUMENT_ID = 'https://careerwire.test/openapi.json';
const JSON_TYPES = new Set(['application/json', 'application/problem+json']);

let stack: TestStack;
let document: Document;
let ajv: Ajv2020;
const operations = new Map<string, { path: string; method: string; operation: Operation }>();
/** operationId → the statuses its exchanges got. */
const exercised = new Map<string, number[]>();

beforeAll(async () => {
  stack = await startTestStack(undefined, { signUpLimits: { perClientPerHour: 100_000, confirmationEmailsPerHour: 100_000 } });
  const res = await fetch(`${stack.apiUrl}/openapi.json`);
  expect(res.status).toBe(200);
  document = (await res.json()) as Document;
  ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) operations.set(operation.operationId, { path, method, operation });
  }
});

afterAll(async () => {
  await stack?.stop();
});

const pointer = (...tokens: string[]) => tokens.map((t) => `/${encodeURIComponent(t.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');

/** A response object of the document, following its $ref, with the JSON pointer where it lives. */
function responseAt(base: string, response: ResponseObject): { at: string; response: ResponseObject } {
  if (response.$ref === undefined) return { at: base, response };
  const tokens = response.$ref.replace(/^#\//, '').split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let target: unknown = document;
  for (const token of tokens) target = (target as Record<string, unknown>)[token];
  return responseAt(pointer(...tokens), target as ResponseObject);
}

const templateMatches = (template: string, path: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path);

interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * Calls an operation (by its operationId: the method and path template come from the document) and
 * checks the answer against what the document says of it. Returns the answer for the next step.
 */
async function call(operationId: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Exchange> {
  const entry = operations.get(operationId);
  if (entry === undefined) throw new Error(`${operationId} is not in the document`);
  const { path, method, operation } = entry;
  expect({ operationId, url, matches: templateMatches(path, new URL(url, stack.apiUrl).pathname) }).toEqual({ operationId, url, matches: true });
  const res = await fetch(`${stack.apiUrl}${url}`, { method: method.toUpperCase(), redirect: 'manual', ...init });
  const text = await res.text();
  const status = res.status;
  const problems: string[] = [];
  const key = [String(status), `${String(status)[0]}XX`].find((k) => operation.responses[k] !== undefined);
  if (key === undefined) {
    problems.push(`status ${status} is not documented (${Object.keys(operation.responses).join(', ')})`);
  } else {
    const { at, response } = responseAt(pointer('paths', path, method, 'responses', key), operation.responses[key] as ResponseObject);
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (response.content === undefined) {
      if (text !== '') problems.push(`a body (${mediaType}) where the document gives none`);
    } else if (response.content[mediaType] === undefined) {
      problems.push(`content type "${mediaType}" is not documented (${Object.keys(response.content).join(', ')})`);
    } else {
      const validate = ajv.getSchema(`${DOCUMENT_ID}#${at}${pointer('content', mediaType, 'schema')}`);
      if (validate === undefined) problems.push(`no schema for ${mediaType}`);
      else if (!validate(JSON_TYPES.has(mediaType) ? (JSON.parse(text) as unknown) : text)) {
        problems.push(...(validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? 'is invalid'}`));
      }
    }
  }
  expect({ operationId, status, problems }).toEqual({ operationId, status, problems: [] });
  exercised.set(operationId, [...(exercised.get(operationId) ?? []), status]);
  return { status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

const JSON_BODY = { 'content-type': 'application/json' };
const AS_JSON = { accept: 'application/json' };
const admin = () => ({ 'x-api-key': stack.adminApiKey });
const query = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The manage page's erase form posts the erase link's token to its own path. */
const eraseForm = (eraseLink: string) => `${ERASE_FORM_PATH}${new URL(eraseLink, 'http://x').search}`;

async function confirmLink(email: string): Promise<string> {
  const mail = (await sesEmails(stack.sesUrl, email)).filter((m) => m.subject === 'Confirm your careerwire job alerts').at(-1);
  if (mail === undefined) throw new Error(`no confirmation email to ${email}`);
  return query(linkIn(mail, '/subscriptions/confirm'));
}

describe('meta', () => {
  it('health, the document itself and the Plus page', async () => {
    expect((await call('health', '/health')).json()).toEqual({ status: 'ok' });
    expect((await call('openapi', '/openapi.json')).json().openapi).toBe('3.1.0');
    expect((await call('plus', '/plus')).text).toContain('Plus');
  });
});

describe('guides and jobs', () => {
  it('lists, reads, revalidates and refuses guides', async () => {
    const list = (await call('listGuides', '/guides?limit=1&sort=salary')).json<{ items: { slug: string }[] }>();
    expect(list.items).toHaveLength(1);
    expect((await call('listGuides', '/guides?limit=0')).status).toBe(400);
    expect((await call('listGuides', '/guides?colour=red')).status).toBe(400);
    const slug = list.items[0]?.slug ?? '';
    const guide = await call('getGuide', `/guides/${slug}`);
    expect(guide.status).toBe(200);
    expect((await call('getGuide', `/guides/${slug}`, { headers: { 'if-none-match': guide.headers.get('etag') ?? '' } })).status).toBe(304);
    expect((await call('getGuide', '/guides/no-such-guide')).status).toBe(404);
    expect((await call('getGuide', '/guides/Not_A_Slug')).status).toBe(400);
    expect((await call('listGuideJobs', `/guides/${slug}/jobs?limit=5`)).status).toBe(200);
    expect((await call('listGuideJobs', '/guides/no-such-guide/jobs')).status).toBe(404);
  });

  it('searches, reads and refuses jobs', async () => {
    const page = (await call('listJobs', '/jobs?limit=3&remote=true')).json<{ items: { id: string }[] }>();
    const all = (await call('listJobs', '/jobs?limit=3')).json<{ items: { id: string }[] }>();
    expect(all.items.length).toBeGreaterThan(0);
    expect(page.items.length).toBeLessThanOrEqual(3);
    expect((await call('listJobs', '/jobs?since=yesterday')).status).toBe(400);
    expect((await call('getJob', `/jobs/${encodeURIComponent(all.items[0]?.id ?? '')}`)).status).toBe(200);
    expect((await call('getJob', '/jobs/nowhere%3Anothing')).status).toBe(404);
  });
});

describe('a subscriber, from sign-up to erasure', () => {
  const email = 'contract.reader@example.com';
  let manage: Record<string, string> = {};

  it('signs up, refuses a malformed sign-up and a body of another type', async () => {
    expect((await call('subscribe', '/subscriptions', { headers: JSON_BODY, body: JSON.stringify({ email, keywords: ['nurse'] }) })).status).toBe(202);
    expect((await call('subscribe', '/subscriptions', { headers: JSON_BODY, body: JSON.stringify({ keywords: 'nurse' }) })).status).toBe(400);
    expect((await call('subscribe', '/subscriptions', { headers: { 'content-type': 'text/plain' }, body: email })).status).toBe(415);
  });

  it('confirms as JSON, and refuses a tampered link', async () => {
    const link = await confirmLink(email);
    const confirmed = (await call('confirmSubscription', link, { headers: AS_JSON })).json<{ links: { manage: string } }>();
    expect((await call('confirmSubscription', `${link}x`, { headers: AS_JSON })).status).toBe(403);
    expect((await call('confirmSubscription', '/subscriptions/confirm', { headers: AS_JSON })).status).toBe(400);
    const view = (await call('showSubscription', query(confirmed.links.manage), { headers: AS_JSON })).json<{ links: Record<string, string> }>();
    manage = view.links;
    expect(Object.keys(manage).sort()).toEqual(['erase', 'export', 'feed', 'jsonFeed', 'manage', 'unsubscribe']);
  });

  it('shows and updates preferences as JSON and as the form, and refuses invalid ones', async () => {
    const link = query(manage.manage ?? '');
    expect((await call('showSubscription', `${link}&saved=true`, { headers: AS_JSON })).status).toBe(200);
    expect((await call('showSubscription', `${link}&saved=maybe`, { headers: AS_JSON })).status).toBe(400);
    expect((await call('updateSubscription', link, { headers: { ...JSON_BODY, ...AS_JSON }, body: JSON.stringify({ remoteOnly: true }) })).status).toBe(200);
    expect((await call('updateSubscription', link, { headers: { ...JSON_BODY, ...AS_JSON }, body: JSON.stringify({ salaryMin: 'lots' }) })).status).toBe(400);
    expect((await call('updateSubscription', link, { headers: { ...JSON_BODY, ...AS_JSON }, body: JSON.stringify({ guides: ['astronaut'] }) })).status).toBe(400);
    const form = await call('updateSubscription', link, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'keywords=nurse%2C+clinic&remoteOnly=yes' });
    expect(form.status).toBe(303);
  });

  it('exports, and serves the private feeds', async () => {
    expect((await call('exportSubscription', query(manage.export ?? ''), { headers: AS_JSON })).status).toBe(200);
    expect((await call('exportSubscription', `${query(manage.export ?? '')}x`, { headers: AS_JSON })).status).toBe(403);
    const rss = await call('subscriptionFeedRss', query(manage.feed ?? ''));
    expect(rss.status).toBe(200);
    expect((await call('subscriptionFeedRss', query(manage.feed ?? ''), { headers: { 'if-none-match': rss.headers.get('etag') ?? '' } })).status).toBe(304);
    expect((await call('subscriptionFeedRss', `${query(manage.feed ?? '')}x`)).status).toBe(403);
    expect((await call('subscriptionFeedJson', query(manage.jsonFeed ?? ''))).status).toBe(200);
    expect((await call('subscriptionFeedJson', `${query(manage.jsonFeed ?? '')}x`)).status).toBe(403);
  });

  it('asks before unsubscribing, then unsubscribes in one click', async () => {
    const link = query(manage.unsubscribe ?? '');
    expect((await call('unsubscribePage', link)).status).toBe(200);
    expect((await call('unsubscribePage', '/unsubscribe?token=')).status).toBe(400);
    const once = await call('unsubscribe', link, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...AS_JSON }, body: 'List-Unsubscribe=One-Click' });
    expect(once.json()).toEqual({ status: 'unsubscribed' });
    expect((await call('unsubscribe', link, { headers: { ...JSON_BODY, ...AS_JSON }, body: '{"List-Unsubscribe":"Twice"}' })).status).toBe(400);
  });

  it('erases, after which every link of the subscriber is revoked', async () => {
    const erase = query(manage.erase ?? '');
    expect((await call('eraseSubscription', erase)).status).toBe(204);
    expect((await call('eraseSubscription', erase)).status).toBe(404);
    expect((await call('eraseSubscriptionForm', eraseForm(erase), { headers: { ...JSON_BODY, ...AS_JSON }, body: '{"confirm":"yes"}' })).status).toBe(404);
  });

  it('erases from the manage page form (JSON answer for API clients), and refuses it unconfirmed', async () => {
    const other = 'contract.eraser@example.com';
    await call('subscribe', '/subscriptions', { headers: JSON_BODY, body: JSON.stringify({ email: other }) });
    const confirmed = (await call('confirmSubscription', await confirmLink(other), { headers: AS_JSON })).json<{ links: { manage: string } }>();
    const links = (await call('showSubscription', query(confirmed.links.manage), { headers: AS_JSON })).json<{ links: Record<string, string> }>().links;
    const erase = eraseForm(query(links.erase ?? ''));
    expect((await call('eraseSubscriptionForm', erase, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...AS_JSON }, body: 'confirm=no' })).status).toBe(400);
    const done = await call('eraseSubscriptionForm', erase, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...AS_JSON }, body: 'confirm=yes' });
    expect(done.json()).toEqual({ status: 'erased' });
  });
});

describe('operators', () => {
  it('upsert jobs with the key, and are refused without it, with a wrong one, or with a bad body', async () => {
    const body = JSON.stringify({ source: 'contract', jobs: [{ id: 'c1', url: 'https://jobs.example/c1', jobTitle: 'Archivist', companyName: 'Records Ltd', pubDate: new Date().toISOString() }] });
    const written = await call('upsertJobs', '/admin/jobs', { headers: { ...JSON_BODY, ...admin() }, body });
    expect(written.json()).toEqual({ results: [{ index: 0, id: 'contract:c1', status: 'written' }] });
    expect((await call('upsertJobs', '/admin/jobs', { headers: JSON_BODY, body })).status).toBe(401);
    expect((await call('upsertJobs', '/admin/jobs', { headers: { ...JSON_BODY, 'x-api-key': 'not-the-key' }, body })).status).toBe(403);
    expect((await call('upsertJobs', '/admin/jobs', { headers: { ...JSON_BODY, ...admin() }, body: '{"jobs":[]}' })).status).toBe(400);
  });

  it("set a subscriber's tier, and learn of an unknown address", async () => {
    const email = 'contract.plus@example.com';
    await call('subscribe', '/subscriptions', { headers: JSON_BODY, body: JSON.stringify({ email }) });
    const set = await call('setSubscriberTier', `/admin/subscribers/${encodeURIComponent(email)}/tier`, { headers: { ...JSON_BODY, ...admin() }, body: '{"tier":"plus"}' });
    expect(set.json()).toMatchObject({ tier: 'plus', previousTier: 'free', status: 'pending' });
    expect((await call('setSubscriberTier', '/admin/subscribers/nobody%40example.com/tier', { headers: { ...JSON_BODY, ...admin() }, body: '{"tier":"plus"}' })).status).toBe(404);
    expect((await call('setSubscriberTier', '/admin/subscribers/nobody%40example.com/tier', { headers: { ...JSON_BODY, ...admin() }, body: '{"tier":"gold"}' })).status).toBe(400);
  });

  it('start an alert run and read its counts', async () => {
    const started = await call('startAlertRun', '/admin/alerts/run', { headers: { ...JSON_BODY, ...admin() }, body: '{"tier":"free","dryRun":true}' });
    const { runId } = started.json<{ runId: string }>();
    expect((await call('startAlertRun', '/admin/alerts/run', { headers: { ...JSON_BODY, ...admin() }, body: '{"tier":"gold"}' })).status).toBe(400);
    // The run goes on after the 202: read it until it is planned (the jest timeout bounds a hang).
    let run: { status?: string } = {};
    while (run.status !== 'planned') {
      const res = await call('getAlertRun', `/admin/runs/${runId}`, { headers: admin() });
      if (res.status === 200) run = res.json();
      else expect(res.status).toBe(404);
    }
    expect((await call('getAlertRun', '/admin/runs/00000000-0000-4000-8000-000000000000', { headers: admin() })).status).toBe(404);
    expect((await call('getAlertRun', '/admin/runs/not-a-run', { headers: admin() })).status).toBe(400);
  });
});

describe('coverage', () => {
  it('reached every documented operation with a success, and each that takes input or a key with an error too', () => {
    const missing: string[] = [];
    for (const [operationId, { operation }] of operations) {
      const statuses = exercised.get(operationId) ?? [];
      if (!statuses.some((s) => s < 400)) missing.push(`${operationId}: no success`);
      const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined || (operation.security?.length ?? 0) > 0;
      if (takesInput && !statuses.some((s) => s >= 400)) missing.push(`${operationId}: no error`);
    }
    expect(operations.size).toBeGreaterThanOrEqual(20);
    expect(missing).toEqual([]);
  });
});
