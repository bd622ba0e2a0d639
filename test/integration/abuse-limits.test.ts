/**
 * The security review's HTTP findings, over real HTTP against the local stack: the sign-up limit per
 * client (concurrent requests, exact counts), signed page cursors, the admin key checked first, HSTS on
 * every answer.
 */
import { request } from 'node:http';
import { confirmations, counted, expectRefused, inWindows, signUp, sum, type Answer } from '../support/signups';
import { startTestStack, type TestStack } from '../support/stack';

const HSTS = 'max-age=31536000; includeSubDomains';
const PER_CLIENT = 5;
let stack: TestStack;

beforeAll(async () => {
  // The overall ceiling has a file of its own (signup-ceiling.test.ts): one local stack per file.
  stack = await startTestStack(undefined, { signUpLimits: { perClientPerHour: PER_CLIENT, confirmationEmailsPerHour: 1_000 } });
});

afterAll(() => stack?.stop());

describe('sign-up limits per client', () => {
  const limited = () => stack;

  it('of 12 concurrent sign-ups from one address exactly 5 are accepted and send; the rest, and any address after them, are 429 with Retry-After', async () => {
    const { result: answers, windows } = await inWindows(() => Promise.all(Array.from({ length: 12 }, (_, i) => signUp(limited(), `burst.${i}@example.com`))));
    const accepted = answers.filter((a) => a.status === 202);
    if (windows.length === 1) expect(accepted).toHaveLength(PER_CLIENT);
    else expect(accepted.length).toBeLessThanOrEqual(2 * PER_CLIENT);
    expect(accepted.length).toBe(sum(await Promise.all(windows.map((w) => counted(stack.clients.dynamo(), `confirmations#${w}`)))));
    expectRefused(answers.filter((a) => a.status !== 202));
    const sent = await confirmations(limited());
    expect(sent.map((m) => m.destination.to[0]).sort()).toEqual(accepted.map((a) => a.email).sort());

    // Full: addresses that would cost nothing (already pending, another spelling) get the same 429.
    const { result: again, windows: later } = await inWindows(() =>
      Promise.all([
        signUp(limited(), accepted[0]?.email as string),
        signUp(limited(), (accepted[1]?.email as string).toUpperCase().replace('EXAMPLE.COM', 'example.com')),
        signUp(limited(), 'someone.new@example.com'),
      ]),
    );
    if (later.length === 1 && later[0] === windows.at(-1)) {
      expectRefused([...again, answers.find((a) => a.status === 429) as Answer]);
      expect(await confirmations(limited())).toHaveLength(accepted.length);
    }
  });
});

describe('page cursors', () => {
  const get = (path: string) => fetch(`${stack.apiUrl}${path}`);

  it('a forged cursor with the right fingerprint and a position before `since` is a 400, not a 500', async () => {
    const since = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const first = (await (await get(`/jobs?limit=1&since=${since}`)).json()) as { nextCursor: string | null };
    expect(first.nextCursor).not.toBeNull();
    // What the review did: the payload of a real cursor (so the fingerprint is right), with a position long before `since`.
    const issued = first.nextCursor as string;
    const payload = JSON.parse(Buffer.from(issued.slice(0, -22), 'base64url').toString('utf8')) as { p: unknown; f: string };
    const forgedPayload = Buffer.from(JSON.stringify({ p: { month: '2001-01', key: '2001-01-01T00:00:00.000Z#x:1' }, f: payload.f })).toString('base64url');
    const forged = [
      forgedPayload,
      forgedPayload + issued.slice(-22),
      Buffer.from(JSON.stringify({ p: { month: '2001-01', key: 'x' }, f: payload.f })).toString('base64url'),
    ];
    for (const cursor of forged) {
      const res = await get(`/jobs?limit=1&since=${since}&cursor=${cursor}`);
      expect({ cursor, status: res.status, type: res.headers.get('content-type') }).toEqual({ cursor, status: 400, type: 'application/problem+json' });
    }
    // The issued cursor itself still pages on.
    expect((await get(`/jobs?limit=1&since=${since}&cursor=${issued}`)).status).toBe(200);
  });

  it('random tampering with a cursor is a 400', async () => {
    const paths = ['/jobs?limit=1', '/jobs?limit=2&type=full-time'];
    for (const path of paths) {
      const { nextCursor: cursor } = (await (await get(path)).json()) as { nextCursor: string };
      expect(typeof cursor).toBe('string');
      // Seeded positions, so a failure names the cursor that passed.
      for (const i of [0, 5, Math.floor(cursor.length / 2), cursor.length - 23, cursor.length - 1]) {
        const tampered = cursor.slice(0, i) + (cursor[i] === 'Q' ? 'R' : 'Q') + cursor.slice(i + 1);
        const res = await get(`${path}&cursor=${tampered}`);
        expect({ tampered, status: res.status }).toEqual({ tampered, status: 400 });
      }
    }
  });
});

describe('admin key first, HSTS everywhere', () => {
  it('no key and a bad body: 401; a wrong key: 403; never the body schema', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${stack.apiUrl}/admin/subscribers/ann%40example.com/tier`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"tier":"gold","extra":1}',
      });
    const none = await post({});
    const wrong = await post({ 'x-api-key': 'not-the-key-0123456789' });
    const right = await post({ 'x-api-key': stack.adminApiKey });
    expect([none.status, wrong.status, right.status]).toEqual([401, 403, 400]);
    const problem = (await none.json()) as Record<string, unknown>;
    expect(problem).not.toHaveProperty('errors');
    expect(problem.detail).toBe('Send the operator API key in the x-api-key header.');
  });

  it('HSTS on answers, errors, 304s and the gateway\'s own 400', async () => {
    const guide = await fetch(`${stack.apiUrl}/guides/medical-office-administrator`);
    const etag = guide.headers.get('etag') as string;
    const answers = await Promise.all([
      Promise.resolve(guide),
      fetch(`${stack.apiUrl}/guides/medical-office-administrator`, { headers: { 'if-none-match': etag } }),
      fetch(`${stack.apiUrl}/nowhere`),
      fetch(`${stack.apiUrl}/guides?limit=0`),
      fetch(`${stack.apiUrl}/admin/jobs`, { method: 'POST' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 304, 404, 400, 401]);
    for (const a of answers) expect(a.headers.get('strict-transport-security')).toBe(HSTS);
    const own = await new Promise<{ status: number; hsts: string | undefined }>((resolve, reject) => {
      const url = new URL(stack.apiUrl);
      // A target API Gateway itself refuses: the function never sees it.
      const req = request({ host: url.hostname, port: url.port, path: 'http://[x', agent: false }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] as string | undefined });
      });
      req.on('error', reject);
      req.end();
    });
    expect(own).toEqual({ status: 400, hsts: HSTS });
  });
});
