import { localMidnight, zoneClock } from '../../../lambdas/shared/clock';

describe('zoneClock', () => {
  it('reads the wall clock of the zone, weekday included', () => {
    expect(zoneClock('UTC')(new Date('2026-11-27T07:08:09.999Z'))).toEqual({ year: 2026, month: 11, day: 27, hour: 7, minute: 8, second: 9, weekday: 5 });
    // 02:00 UTC on a Friday is still Thursday evening in New York.
    expect(zoneClock('America/New_York')(new Date('2026-11-27T02:00:00Z'))).toMatchObject({ day: 26, hour: 21, weekday: 4 });
    expect(zoneClock('Asia/Kolkata')(new Date('2026-12-31T18:30:00Z'))).toMatchObject({ year: 2027, month: 1, day: 1, hour: 0, minute: 0 });
  });

  it('shows midnight as hour 0, not 24', () => {
    expect(zoneClock('Europe/Berlin')(new Date('2026-11-26T23:00:00Z'))).toMatchObject({ day: 27, hour: 0 });
  });

  it('follows the zone across a DST change', () => {
    const berlin = zoneClock('Europe/Berlin');
    // Spring forward: 02:00 local does not exist, 01:59:59 CET is followed by 03:00:00 CEST.
    expect(berlin(new Date('2026-03-29T00:59:59Z'))).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(berlin(new Date('2026-03-29T01:00:00Z'))).toMatchObject({ hour: 3, minute: 0, second: 0 });
    // Fall back: 02:30 local is shown twice, an hour apart.
    expect(berlin(new Date('2026-10-25T00:30:00Z'))).toMatchObject({ day: 25, hour: 2, minute: 30 });
    expect(berlin(new Date('2026-10-25T01:30:00Z'))).toMatchObject({ day: 25, hour: 2, minute: 30 });
  });

  it('refuses a zone the runtime does not know when the clock is made', () => {
    expect(() => zoneClock('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('localMidnight', () => {
  it('is the instant the local day begins', () => {
    expect(localMidnight({ year: 2026, month: 11, day: 27 }, 'UTC').toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(localMidnight({ year: 2026, month: 11, day: 27 }, 'America/New_York').toISOString()).toBe('2026-11-27T05:00:00.000Z');
    expect(localMidnight({ year: 2026, month: 11, day: 27 }, 'Pacific/Auckland').toISOString()).toBe('2026-11-26T11:00:00.000Z');
  });

  it('reads the offset of the day itself on both DST changes (the day before has the other one)', () => {
    expect(localMidnight({ year: 2026, month: 3, day: 29 }, 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localMidnight({ year: 2026, month: 3, day: 30 }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localMidnight({ year: 2026, month: 10, day: 25 }, 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(localMidnight({ year: 2026, month: 10, day: 26 }, 'Europe/Berlin').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    // A zone whose clocks change at midnight: 2026-03-08 begins at 00:00 EST, before the change at 02:00.
    expect(localMidnight({ year: 2026, month: 3, day: 8 }, 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });
});
