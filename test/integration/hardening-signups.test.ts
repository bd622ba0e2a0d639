/**
 * Sign-ups under load on the real local stack: 1,000 POST /subscriptions for distinct addresses, all
 * issued at once over a pool of 200 connections, must leave exactly 1,000 pending subscribers in
 * the table and 1,000 confirmation emails in the SES emulator, one per address: no 5xx, no lost write,
 * no email twice.
 */
import { Agent, request } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../lambdas/shared/dynamo';
import { SubscribersTable } from '../../lambdas/shared/tables';
import { sesEmails } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

const COUNT = 1_000;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);

afterAll(() => stack?.stop());

const address = (i: number) => `load.reader.${String(i).padStart(4, '0')}@example.com`;

/** One POST through the given connection pool. */
function signUp(agent: Agent, email: string): Promise<{ status: number; type: string; ms: number }> {
  const url = new URL(stack.apiUrl);
  const body = JSON.stringify({ email, keywords: ['medical office'], jobTypes: ['full-time'] });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: 'POST', path: '/subscriptions', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), ms: Date.now() - started }));
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Answers by status, so a failure shows what came back instead of a bare false. */
function statusCounts(answers: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

async function scanSubscribers(): Promise<Record<string, unknown>[]> {
  const doc = documentClient();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: SubscribersTable.id, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

it(
  'takes 1,000 concurrent sign-ups: 1,000 pending subscribers, 1,000 confirmation emails, no 5xx',
  async () => {
    // All 1,000 requests are issued at once; at most 200 connections carry them, as a load balancer's
    // pool would. (1,000 simultaneous connect()s to one local process on a busy 2-core CI machine get
    // resets from the kernel's accept queue, which measures the test machine, not careerwire.)
    const agent = new Agent({ keepAlive: true, maxSockets: 200 });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: COUNT }, (_, i) => signUp(agent, address(i))));
    const elapsed = Date.now() - started;
    agent.destroy();

    expect(statusCounts(answers)).toEqual({ 202: COUNT });
    expect(answers.every((a) => a.type.startsWith('application/json'))).toBe(true);

    const subscribers = await scanSubscribers();
    expect(subscribers).toHaveLength(COUNT);
    expect(new Set(subscribers.map((s) => String(s.email))).size).toBe(COUNT);
    expect(subscribers.every((s) => s.status === 'pending')).toBe(true);
    expect(new Set(subscribers.map((s) => String(s.email)))).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => address(i))));

    const emails = await sesEmails(stack.sesUrl);
    const confirmations = emails.filter((e) => e.subject === 'Confirm your careerwire job alerts');
    expect(confirmations).toHaveLength(COUNT);
    const recipients = confirmations.map((e) => e.destination.to.join(','));
    expect(new Set(recipients).size).toBe(COUNT);
    expect(new Set(recipients)).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => address(i))));

    const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
    console.log(
      `${COUNT} concurrent sign-ups in ${elapsed} ms (${Math.round((COUNT * 1000) / elapsed)}/s); ` +
        `latency p50 ${ms[Math.floor(COUNT * 0.5)]} ms, p99 ${ms[Math.floor(COUNT * 0.99)]} ms, max ${ms.at(-1)} ms`,
    );
  },
  // Generous: this bounds a hang, not the speed (a slow shared CI machine took 35 s, a starved one
  // 70 s); throughput is printed above and measured by the load bench.
  300_000,
);

it('answers a second wave for the same addresses identically, and sends nothing twice in a burst', async () => {
  // Same addresses again, 200 at once: still 202 each; each address gets its second confirmation (the
  // limit is 3 a day), the table still holds exactly COUNT subscribers.
  const agent = new Agent({ keepAlive: true, maxSockets: 100 });
  const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => signUp(agent, address(i))));
  agent.destroy();
  expect(statusCounts(answers)).toEqual({ 202: 200 });
  expect(await scanSubscribers()).toHaveLength(COUNT);
  const confirmations = (await sesEmails(stack.sesUrl)).filter((e) => e.subject === 'Confirm your careerwire job alerts');
  expect(confirmations).toHaveLength(COUNT + 200);
}, 180_000);
