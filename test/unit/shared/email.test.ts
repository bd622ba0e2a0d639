import { EMAIL_MAX_LENGTH, InvalidEmailError, normaliseEmail, redactEmails } from '../../../lambdas/shared/email';

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

  it('keeps the local part as typed for delivery; the key is the whole address lower-cased', () => {
    expect(normaliseEmail('Ann@Example.com')).toEqual({ address: 'Ann@example.com', key: 'ann@example.com' });
    expect(normaliseEmail('ann@example.COM').key).toBe(normaliseEmail('Ann@Example.com').key);
  });

  it('accepts special-use domains only when the caller allows them (a local stack\'s sender)', () => {
    for (const address of ['alerts@careerwire.local', 'digests@mail.example', 'a@mail.test']) {
      expect(() => normaliseEmail(address)).toThrow(/cannot receive/);
      expect(normaliseEmail(address, { reservedDomains: true }).address).toBe(address);
    }
    // Only that rule is relaxed: the syntax is the same.
    expect(() => normaliseEmail('ann@localhost', { reservedDomains: true })).toThrow(/dot/);
    expect(() => normaliseEmail('.ann@server.local', { reservedDomains: true })).toThrow(/dot/);
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

describe('redactEmails', () => {
  it('removes anything address-shaped', () => {
    expect(redactEmails('Email address is not verified: Ann.Lee+x@Example.com, bob@x.io.')).toBe(
      'Email address is not verified: <redacted-address>, <redacted-address>',
    );
  });

  it('removes percent-encoded addresses and stops at URL delimiters', () => {
    expect(redactEmails('/admin/subscribers/Ann.Lee%40Example.com/tier')).toBe('/admin/subscribers/<redacted-address>/tier');
    expect(redactEmails('/unsubscribe?email=ann%2Bx%40example.com&x=1')).toBe('/unsubscribe?email=<redacted-address>&x=1');
    expect(redactEmails('/guides/data-analyst?page=2')).toBe('/guides/data-analyst?page=2');
  });
});
