import { parseCron } from '../../../lambdas/shared/cron';
import { DIGEST_SCHEDULES } from '../../../lambdas/shared/schedules';

it('fires both digest schedules at the top of every hour, every day (each run picks the zones it delivers to)', () => {
  for (const tier of ['plus', 'free'] as const) {
    const cron = parseCron(DIGEST_SCHEDULES[tier].expression, DIGEST_SCHEDULES[tier].timezone);
    expect(cron.matches(new Date('2026-11-27T07:00:30Z'))).toBe(true);
    expect(cron.matches(new Date('2026-11-27T13:00:00Z'))).toBe(true);
    expect(cron.matches(new Date('2026-11-29T23:00:00Z'))).toBe(true); // a Sunday
    expect(cron.matches(new Date('2026-11-27T07:01:00Z'))).toBe(false);
  }
});

it('reads the clock in the schedule time zone', () => {
  const c = parseCron('cron(0 7 * * ? *)', 'America/New_York');
  expect(c.matches(new Date('2026-11-27T12:00:00Z'))).toBe(true);
  expect(c.matches(new Date('2026-11-27T07:00:00Z'))).toBe(false);
});

it('understands lists, ranges, steps and names', () => {
  const c = parseCron('cron(0/15 9-17 ? JAN,NOV MON-FRI 2026)', 'UTC');
  expect(c.matches(new Date('2026-11-27T09:45:00Z'))).toBe(true);
  expect(c.matches(new Date('2026-11-27T09:50:00Z'))).toBe(false);
  expect(c.matches(new Date('2026-11-28T09:45:00Z'))).toBe(false); // Saturday
  expect(c.matches(new Date('2027-11-26T09:45:00Z'))).toBe(false); // another year
});

it('rejects what EventBridge would reject', () => {
  expect(() => parseCron('0 7 * * *', 'UTC')).toThrow(/not an EventBridge cron/);
  expect(() => parseCron('cron(61 7 * * ? *)', 'UTC')).toThrow(/out of range/);
});

it('fires at 07:00 local on both sides of a DST change', () => {
  const c = parseCron('cron(0 7 * * ? *)', 'Europe/Berlin');
  expect(c.matches(new Date('2026-03-28T06:00:00Z'))).toBe(true); // CET
  expect(c.matches(new Date('2026-03-29T05:00:00Z'))).toBe(true); // CEST
  expect(c.matches(new Date('2026-03-29T06:00:00Z'))).toBe(false);
});

it('refuses an unknown time zone when parsed, not when first read', () => {
  expect(() => parseCron('cron(0 7 * * ? *)', 'Nowhere/Atlantis')).toThrow(RangeError);
});
