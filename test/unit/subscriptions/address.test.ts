import { normaliseEmail } from '../../../lambdas/shared/email';
import { emailHash, subscriberId, SUBSCRIBER_ID_PATTERN } from '../../../lambdas/subscriptions/address';

describe('subscriberId and emailHash', () => {
  it('are case-insensitive: the address keeps its local part for delivery, not for identity', () => {
    const a = normaliseEmail('Ann@Example.com');
    const b = normaliseEmail('ann@example.COM');
    expect(a.address).toBe('Ann@example.com');
    expect(a.key).toBe(b.key);
    expect(subscriberId(a)).toBe(subscriberId(b));
    expect(emailHash(a)).toBe(emailHash(b));
    expect(subscriberId('Ann@Example.com')).toBe(subscriberId(a));
  });

  it('are stable, unrelated to each other and do not contain the address', () => {
    const id = subscriberId('ann@example.com');
    expect(id).toMatch(SUBSCRIBER_ID_PATTERN);
    expect(subscriberId('ann@example.com')).toBe(id);
    expect(subscriberId('bob@example.com')).not.toBe(id);
    const hash = emailHash('ann@example.com');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(Buffer.from(id, 'base64url').toString('hex'));
    expect(id.toLowerCase()).not.toContain('ann');
  });

  it('do not strip plus tags: a tagged address is another subscriber', () => {
    expect(subscriberId('ann+x@example.com')).not.toBe(subscriberId('ann@example.com'));
  });
});
