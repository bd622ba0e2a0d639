/**
 * The security review's HTTP findings, over real HTTP against the local stack: sign-up limits per
 * client and overall (concurrent requests, exact counts), signed page cursors, the admin key checked
 * first, HSTS on every answer.
 */
import { request } from 'node:http';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../lambdas/shared/dynamo';
import { RateLimitsTable } from '../../lambdas/shared/tables';
import { sesEmails } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

const PER_CLIENT = 5;
const CEILING = 8;
const HSTS = 'max-age=31536000; includeSubDomains';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack(undefined, { signUpLimits: { perClientPerHour: PER_CLIENT, confirmationEmailsPerHour: CEILING } });
});

afterAll(() => stack?.stop());

interface Answer {
  email: string;
  status: number;
  retryAfter: string | undefined;
  type: string | undefined;
  body: string;
}

/**
 * One sign-up from a given loopback address: every 127.x address reaches the gateway on 127.0.0.1,
 * and the gateway reports it as the source, so each is another client.
 */
function signUp(email: string, from = '127.0.0.1'): Promise<Answer> {
  const url = new URL(stack.apiUrl);
  const body = JSON.stringify({ email });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        localAddress: from,
        method: 'POST',
        path: '/subscriptions',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            email,
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            type: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const confirmations = async () => (await sesEmails(stack.sesUrl)).filter((m) => m.subject === 'Confirm your careerwire job alerts');

function expectRefused(answers: Answer[]): void {
  for (const a of answers) {
    expect({ email: a.email, status: a.status, type: a.type }).toEqual({ email: a.email, status: 429, type: 'application/problem+json' });
    const seconds = Number(a.retryAfter);
    expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600).toBe(true);
  }
  // The same body for every address: nothing tells whose sign-up it was.
  expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  expect(JSON.parse(answers[0]?.body as string)).toMatchObject({ status: 429, type: '/problems/too-many-sign-ups' });
}

describe('sign-up limits', () => {
  // One scenario in order: the client's window fills, then the overall ceiling.
  it('per client: of 12 concurrent sign-ups from one address exactly 5 are accepted and send; the rest are 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signUp(`burst.${i}@example.com`)));
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted).toHaveLength(PER_CLIENT);
    expectRefused(answers.filter((a) => a.status !== 202));
    const sent = await confirmations();
    expect(sent.map((m) => m.destination.to[0]).sort()).toEqual(accepted.map((a) => a.email).sort());

    // Full: addresses that would cost nothing (already pending, another spelling) get the same 429.
    const again = await Promise.all([
      signUp(accepted[0]?.email as string),
      signUp((accepted[1]?.email as string).toUpperCase().replace('EXAMPLE.COM', 'example.com')),
      signUp('someone.new@example.com'),
    ]);
    expectRefused([...again, answers.find((a) => a.status === 429) as Answer]);
    expect(await confirmations()).toHaveLength(PER_CLIENT);
  });

  it(`overall: with ${CEILING - PER_CLIENT} emails left this hour, 12 concurrent sign-ups from 3 other clients get exactly ${CEILING - PER_CLIENT} through`, async () => {
    const clients = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signUp(`ceiling.${i}@example.com`, clients[i % clients.length])),
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(CEILING - PER_CLIENT);
    expectRefused(answers.filter((a) => a.status !== 202));
    expect(await confirmations()).toHaveLength(CEILING);
    // A client that has sent nothing is refused too, with the same body.
    const fresh = await signUp('ceiling.fresh@example.com', '127.0.0.5');
    expectRefused([fresh, answers.find((a) => a.status === 429) as Answer]);

    // The counters: a conditional update per window, with the TTL attribute; no client address in them.
    const window = Math.floor(Date.now() / 1000 / 3600) * 3600;
    const doc = documentClient();
    const all = await doc.send(new GetCommand({ TableName: RateLimitsTable.id, Key: { key: `confirmations#${window}` } }));
    expect(all.Item).toMatchObject({ count: CEILING, expiresAt: window + 2 * 3600 });
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
