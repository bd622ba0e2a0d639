/** The router's extensions for the subscription pages: form and multipart bodies, HTML problems, Accept. */
import { HttpProblem } from '../../../lambdas/http/problems';
import { Router, parseMultipart, parseUrlEncoded, prefersHtml, prefersJson, route } from '../../../lambdas/http/router';
import { Type } from '../../../lambdas/http/schema';
import { httpEvent, json, recordingLogger } from '../../support/events';

const seen: unknown[] = [];
const router = new Router(
  [
    route({
      method: 'POST',
      path: '/things',
      operationId: 'things',
      summary: 'things',
      body: Type.Object(
        { tags: Type.Optional(Type.Array(Type.String(), { maxItems: 3 })), name: Type.Optional(Type.String({ maxLength: 5 })) },
        { additionalProperties: false },
      ),
      form: {
        schema: Type.Object({ tags: Type.Optional(Type.Array(Type.String())), name: Type.Optional(Type.String()) }, { additionalProperties: false }),
        toBody: (fields) => fields,
        multipart: true,
      },
      maxBodyBytes: 200,
      responses: {},
      async handle({ body }) {
        seen.push(body);
        return { status: 200, body: { ok: true } };
      },
    }),
    route({
      method: 'POST',
      path: '/optional',
      operationId: 'optional',
      summary: 'optional',
      body: Type.Object({}),
      bodyOptional: true,
      responses: {},
      async handle({ body }) {
        return { status: 200, body: { got: body ?? null } };
      },
    }),
    route({
      method: 'GET',
      path: '/page',
      operationId: 'page',
      summary: 'page',
      htmlProblem: (p) => ({ status: p.status, headers: { 'content-type': 'text/html; charset=utf-8', 'x-page': '1' }, raw: `<p>${p.status}</p>` }),
      responses: {},
      async handle() {
        throw new HttpProblem(403, 'invalid-link', 'no', undefined, { 'x-from-problem': 'yes' });
      },
    }),
    route({
      method: 'GET',
      path: '/boom',
      operationId: 'boom',
      summary: 'boom',
      htmlProblem: (p) => ({ status: p.status, headers: { 'content-type': 'text/html' }, raw: `<p>${p.detail}</p>` }),
      responses: {},
      async handle() {
        throw new Error('secret internals');
      },
    }),
  ],
  recordingLogger(),
);

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

beforeEach(() => (seen.length = 0));

it('takes urlencoded forms, repeated names as arrays, a single value of an array field as a one-item array', async () => {
  const res = await router.handle(httpEvent('POST', '/things', { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body: 'tags=a&name=b+c' }));
  expect(res.statusCode).toBe(200);
  expect(seen).toEqual([{ tags: ['a'], name: 'b c' }]);
  await router.handle(httpEvent('POST', '/things', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'tags=a&tags=%C3%A9' }));
  expect(seen[1]).toEqual({ tags: ['a', 'é'] });
});

it('validates the form fields and then the body, as problem+json', async () => {
  const repeated = await router.handle(httpEvent('POST', '/things', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=a&name=b' }));
  expect(repeated.statusCode).toBe(400);
  expect(json(repeated)).toMatchObject({ errors: [{ field: '/name', message: 'must be a string' }] });
  const long = await router.handle(httpEvent('POST', '/things', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=toolong' }));
  expect(json(long)).toMatchObject({ detail: 'The body is invalid.', errors: [{ field: '/name' }] });
  const unknown = await router.handle(httpEvent('POST', '/things', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '__proto__=x' }));
  expect(unknown.statusCode).toBe(400);
});

it('takes multipart/form-data text fields (base64-encoded by API Gateway) and refuses files', async () => {
  const body = '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nhi\r\n--XyZ\r\ncontent-disposition: form-data; name="tags"\r\n\r\nx\r\n--XyZ--\r\n';
  const event = httpEvent('POST', '/things', { headers: { 'content-type': 'multipart/form-data; boundary=XyZ' }, body: Buffer.from(body).toString('base64') });
  event.isBase64Encoded = true;
  expect((await router.handle(event)).statusCode).toBe(200);
  expect(seen).toEqual([{ name: 'hi', tags: ['x'] }]);
  expect(parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--'), 'multipart/form-data; boundary="b"')).toEqual({ a: '1' });
  expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n\r\n1\r\n--b--'), 'multipart/form-data; boundary=b')).toThrow('File uploads');
  expect(() => parseMultipart(Buffer.from('nothing here'), 'multipart/form-data; boundary=b')).toThrow('malformed');
  expect(() => parseMultipart(Buffer.from(''), 'multipart/form-data')).toThrow('boundary');
});

it('keeps JSON-only routes JSON-only (415 names what is accepted) and caps body size', async () => {
  const text = await router.handle(httpEvent('POST', '/things', { headers: { 'content-type': 'text/plain' }, body: 'x' }));
  expect(text.statusCode).toBe(415);
  expect(text.headers?.['accept-post']).toBe('application/json, application/x-www-form-urlencoded, multipart/form-data');
  const big = await router.handle(httpEvent('POST', '/things', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(300) }) }));
  expect(big.statusCode).toBe(413);
});

it('lets a route take an empty body', async () => {
  expect(json(await router.handle(httpEvent('POST', '/optional')))).toEqual({ got: null });
  expect(json(await router.handle(httpEvent('POST', '/optional', { headers: { 'content-type': 'application/json' }, body: '{}' })))).toEqual({ got: {} });
  expect((await router.handle(httpEvent('POST', '/optional', { headers: { 'content-type': 'text/plain' }, body: 'x' }))).statusCode).toBe(415);
});

it('renders errors of page routes as HTML for browsers only, with the problem headers', async () => {
  const page = await router.handle(httpEvent('GET', '/page', { headers: BROWSER }));
  expect(page).toMatchObject({ statusCode: 403, body: '<p>403</p>', headers: { 'content-type': 'text/html; charset=utf-8', 'x-page': '1', 'x-from-problem': 'yes' } });
  const api = await router.handle(httpEvent('GET', '/page'));
  expect(api.headers?.['content-type']).toBe('application/problem+json');
  const boom = await router.handle(httpEvent('GET', '/boom', { headers: BROWSER }));
  expect(boom.statusCode).toBe(500);
  expect(boom.body).not.toContain('secret');
  // No route matched: problem+json whatever the client.
  expect((await router.handle(httpEvent('GET', '/nope', { headers: BROWSER }))).headers?.['content-type']).toBe('application/problem+json');
});

it.each([
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true, false],
  ['application/json', false, true],
  ['*/*', false, false],
  [undefined, false, false],
  ['application/json;q=0.5, text/html', true, false],
  ['text/html;q=0.1, application/json', false, true],
  ['text/html;q=0', false, false],
])('Accept %j → html %s, json %s', (accept, html, jsonPreferred) => {
  expect(prefersHtml(accept)).toBe(html);
  expect(prefersJson(accept)).toBe(jsonPreferred);
});

it('parseUrlEncoded follows the WHATWG rules', () => {
  expect(parseUrlEncoded('a=1&b=%zz&c=+&a=2&=x')).toEqual({ a: ['1', '2'], b: '%zz', c: ' ', '': 'x' });
});
