/**
 * The overall ceiling of confirmation emails per hour, over real HTTP against the local stack: however
 * many clients ask at once, exactly the ceiling's worth get through, and the rest (a new client too) get
 * the same 429. A file of its own: the ceiling is one counter per window for the whole stack.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SIGN_UP_LIMITS } from '../../lambdas/shared/limits';
import { RateLimitsTable } from '../../lambdas/shared/tables';
import { confirmations, counted, expectRefused, inWindows, signUp, sum, type Answer } from '../support/signups';
import { startTestStack, type TestStack } from '../support/stack';

describe('the overall ceiling of confirmation emails', () => {
  const CEILING = 8;
  let limited: TestStack;
  beforeAll(async () => {
    limited = await startTestStack(undefined, { signUpLimits: { perClientPerHour: 1_000, confirmationEmailsPerHour: CEILING } });
  });
  afterAll(() => limited?.stop());

  it(`of 12 concurrent sign-ups from 3 clients exactly ${CEILING} get through; then even a new client is refused, with the same body`, async () => {
    const clients = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
    const { result: answers, windows } = await inWindows(() =>
      Promise.all(Array.from({ length: 12 }, (_, i) => signUp(limited, `ceiling.${i}@example.com`, clients[i % clients.length]))),
    );
    const accepted = answers.filter((a) => a.status === 202);
    const counts = await Promise.all(windows.map((w) => counted(limited.clients.dynamo(), `confirmations#${w}`)));
    expect(accepted.length).toBe(sum(counts));
    if (windows.length === 1) expect(accepted).toHaveLength(CEILING);
    expect(counts.every((c) => c <= CEILING)).toBe(true);
    expectRefused(answers.filter((a) => a.status !== 202));
    expect(await confirmations(limited)).toHaveLength(accepted.length);

    // The counters: a conditional update per window, with the TTL attribute; no client address in them.
    const window = windows.at(-1) as number;
    const all = await limited.clients.dynamo().send(new GetCommand({ TableName: RateLimitsTable.id, Key: { key: `confirmations#${window}` } }));
    expect(all.Item).toMatchObject({ expiresAt: window + 2 * SIGN_UP_LIMITS.windowSeconds });
    expect(JSON.stringify(all.Item)).not.toContain('127.0.0');

    // A client that has sent nothing is refused too, with the same body (unless a new window began).
    const { result: fresh, windows: later } = await inWindows(() => signUp(limited, 'ceiling.fresh@example.com', '127.0.0.5'));
    if (windows.length === 1 && later[0] === window) expectRefused([fresh, answers.find((a) => a.status === 429) as Answer]);
  });
});

