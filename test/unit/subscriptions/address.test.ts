import { EMAIL_MAX_LENGTH, InvalidEmailError, emailHash, normaliseEmail, redactEmails, subscriberId, SUBSCRIBER_ID_PATTERN } from '../../../lambdas/subscriptions/address';

describe('normaliseEmail', () => {
  it.each([
    ['ann@example.com', 'ann@example.com'],
    ['  Ann.Lee@Example.COM ', 'Ann.Lee@example.com'],
    ['ann+jobs@example.co.uk', 'ann+jobs@example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['ann@sub.example.com.', 'ann@sub.example.com'],
    ['ann@Bücher.de', 'ann@xn--bcher-kva.de'],
    ['a@b.xn--p1ai', 'a@b.xn--p1ai'],
  ])('accepts %j as %j', (input, address) => {
    expect(normaliseEmail(input).address).toBe(address);
  });

  it('keeps the local part for delivery but is case-insensitive for identity', () => {
    const a = normaliseEmail('Ann@Example.com');
    const b = normaliseEmail('ann@example.COM');
    expect(a.address).toBe('Ann@example.com');
    expect(a.key).toBe(b.key);
    expect(subscriberId(a)).toBe(subscriberId(b));
    expect(emailHash(a)).toBe(emailHash(b));
  });

  it.each([
    ['', /empty/],
    ['plainaddress', /name@example.com/],
    ['@example.com', /name@example.com/],
    ['ann@', /name@example.com/],
    ['ann@@example.com', /exactly one @/],
    ['a b@example.com', /spaces/],
    ['ann@exa mple.com', /spaces/],
    ['ann\u0000@example.com', /control/],
    ['.ann@example.com', /dot/],
    ['ann.@example.com', /dot/],
    ['an..n@example.com', /dot/],
    ['"ann"@example.com', /not allowed/],
    ['ann(comment)@example.com', /not allowed/],
    ['ännä@example.com', /not allowed/],
    ['ann@[192.0.2.1]', /IP address/],
    ['ann@192.0.2.1', /top-level/],
    ['ann@localhost', /dot/],
    ['ann@example', /dot/],
    ['ann@-example.com', /invalid domain/],
    ['ann@exa_mple.com', /invalid domain/],
    ['ann@example..com', /invalid domain/],
    ['ann@example.c', /top-level/],
    ['ann@example.123', /domain/],
    ['ann@server.local', /cannot receive/],
    ['ann@site.invalid', /cannot receive/],
    ['ann@example.test', /cannot receive/],
    ['ann@machine.localhost', /cannot receive/],
    [`${'a'.repeat(65)}@example.com`, /64/],
    [`ann@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`, /254|too long/],
  ])('rejects %j', (input, reason) => {
    expect(() => normaliseEmail(input)).toThrow(InvalidEmailError);
    expect(() => normaliseEmail(input)).toThrow(reason);
  });

  it('caps the whole address at 254 characters', () => {
    const local = 'a'.repeat(64);
    const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(50)}.com`;
    const ok = `${local}@${domain}`;
    expect(ok.length).toBeLessThanOrEqual(EMAIL_MAX_LENGTH);
    expect(normaliseEmail(ok).address).toBe(ok);
    expect(() => normaliseEmail(`${local}@x${domain}`.padEnd(255, 'x'))).toThrow(InvalidEmailError);
  });
});

describe('subscriberId and emailHash', () => {
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

it('redactEmails removes anything address-shaped', () => {
  expect(redactEmails('Email address is not verified: Ann.Lee+x@Example.com, bob@x.io.')).toBe(
    'Email address is not verified: <redacted-address>, <redacted-address>',
  );
});
