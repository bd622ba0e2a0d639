import { isoWeek, periodOf } from '../../../lambdas/alerts/periods';

describe('periodOf', () => {
  it('cuts Plus periods by calendar day in the time zone', () => {
    const p = periodOf('plus', new Date('2026-11-27T07:00:00Z'), 'UTC');
    expect(p).toMatchObject({
      key: 'plus#2026-11-27',
      label: 'Friday, 27 November 2026',
      start: '2026-11-27T00:00:00.000Z',
      end: '2026-11-28T00:00:00.000Z',
    });
    // 02:00 UTC on the 27th is still the 26th in New York.
    const ny = periodOf('plus', new Date('2026-11-27T02:00:00Z'), 'America/New_York');
    expect(ny).toMatchObject({ key: 'plus#2026-11-26', start: '2026-11-26T05:00:00.000Z', end: '2026-11-27T05:00:00.000Z' });
  });

  it('cuts Free periods by ISO week, Monday first', () => {
    const p = periodOf('free', new Date('2026-11-27T07:00:00Z'), 'UTC');
    expect(p).toMatchObject({
      key: 'free#2026-W48',
      label: 'the week of 23 November 2026',
      start: '2026-11-23T00:00:00.000Z',
      end: '2026-11-30T00:00:00.000Z',
    });
    expect(periodOf('free', new Date('2026-11-23T00:00:00Z'), 'UTC').key).toBe('free#2026-W48');
    expect(periodOf('free', new Date('2026-11-22T23:59:59Z'), 'UTC').key).toBe('free#2026-W47');
  });

  it('handles days that are 23 or 25 hours long', () => {
    const spring = periodOf('plus', new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(spring).toMatchObject({ start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
    const autumn = periodOf('plus', new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin');
    expect(autumn).toMatchObject({ key: 'plus#2026-10-25', start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' });
  });
});

describe('isoWeek', () => {
  it.each([
    [{ year: 2026, month: 1, day: 1 }, { year: 2026, week: 1 }],
    [{ year: 2027, month: 1, day: 1 }, { year: 2026, week: 53 }],
    [{ year: 2024, month: 12, day: 30 }, { year: 2025, week: 1 }],
    [{ year: 2026, month: 11, day: 27 }, { year: 2026, week: 48 }],
  ])('%j is %j', (date, expected) => {
    expect(isoWeek(date)).toEqual(expected);
  });
});
