import { problemOf } from '../../../lambdas/subscriptions/routes';
import { SubscriptionError } from '../../../lambdas/subscriptions/service';
import { SignUpLimiter, clientOf, type LimitReached } from '../../../lambdas/subscriptions/signup-limits';
import { MemoryWindowCounters } from '../../support/memory/subscriptions';

const at = (iso: string) => new Date(iso);

async function outcome(promise: Promise<void>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (!(error instanceof SubscriptionError)) throw error;
    // The limiter refuses in domain terms; the answer is the routes' mapping of it.
    const problem = problemOf(error.failure);
    return `${problem.status} retry-after=${problem.headers['retry-after']}`;
  }
}

it('one client is an IPv4 address (also IPv6-mapped) or an IPv6 /64', () => {
  expect(clientOf('203.0.113.7')).toBe('203.0.113.7');
  expect(clientOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  expect(clientOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
  expect(clientOf('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
  expect(clientOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
  expect(clientOf('::1')).toBe('0:0:0:0::/64');
});

it('counts per client per hour; beyond the limit every check is a 429 until the hour ends', async () => {
  const limited: LimitReached[] = [];
  const limiter = new SignUpLimiter(new MemoryWindowCounters(), { perClient: 3, confirmationEmails: 100 }, (l) => limited.push(l));
  const now = at('2026-11-27T12:59:00Z');
  for (let i = 0; i < 3; i++) {
    await limiter.check('198.51.100.1', now);
    await limiter.take('198.51.100.1', now);
  }
  expect(await outcome(limiter.check('198.51.100.1', now))).toBe('429 retry-after=60');
  expect(await outcome(limiter.take('198.51.100.1', now))).toBe('429 retry-after=60');
  // Another client, and the same /64 under another address.
  expect(await outcome(limiter.take('198.51.100.2', now))).toBe('ok');
  await limiter.take('2001:db8::1', now);
  await limiter.take('2001:db8::2', now);
  await limiter.take('2001:db8::3', now);
  expect(await outcome(limiter.take('2001:db8::ffff', now))).toBe('429 retry-after=60');
  expect(limited).toEqual(['client', 'client', 'client']);
  // The next window starts from nothing.
  expect(await outcome(limiter.check('198.51.100.1', at('2026-11-27T13:00:00Z')))).toBe('ok');
});

it('the overall ceiling refuses everyone and gives the client its slot back', async () => {
  const counters = new MemoryWindowCounters();
  const limited: LimitReached[] = [];
  const limiter = new SignUpLimiter(counters, { perClient: 10, confirmationEmails: 2 }, (l) => limited.push(l));
  const now = at('2026-11-27T12:00:00Z');
  await limiter.take('192.0.2.1', now);
  await limiter.take('192.0.2.2', now);
  expect(await outcome(limiter.take('192.0.2.3', now))).toBe('429 retry-after=3600');
  expect(await outcome(limiter.check('192.0.2.4', now))).toBe('429 retry-after=3600');
  expect(limited).toEqual(['ceiling', 'ceiling']);
  // 192.0.2.3 sent nothing, so nothing of its own window is used.
  const counts = [...counters.items.entries()].filter(([key]) => key.startsWith('client#')).map(([, v]) => v.count);
  expect(counts.sort()).toEqual([0, 1, 1]);
});

it('reads ignore an expired window; counters expire an hour after their window', async () => {
  const counters = new MemoryWindowCounters();
  const limiter = new SignUpLimiter(counters, { perClient: 1, confirmationEmails: 100 });
  await limiter.take('192.0.2.9', at('2026-11-27T12:10:00Z'));
  const [item] = [...counters.items.values()];
  expect(item?.expiresAt.toISOString()).toBe('2026-11-27T14:00:00.000Z');
  const [key] = [...counters.items.keys()];
  expect(await counters.count(key as string, at('2026-11-27T13:59:59Z'))).toBe(1);
  expect(await counters.count(key as string, at('2026-11-27T14:00:00Z'))).toBe(0);
  // Clients are kept as a hash, never the address itself.
  expect([...counters.items.keys()].join()).not.toContain('192.0.2.9');
});
