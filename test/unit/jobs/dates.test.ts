import { parseFeedDate, shiftDateText, shiftFeedDates } from '../../../lambdas/jobs/dates';

const iso = (value: unknown): string | string[] => {
  const result = parseFeedDate(value);
  return result.ok ? result.date.toISOString() : ['error', result.reason];
};

describe('parseFeedDate', () => {
  it.each([
    ['2026-11-20 10:00:00', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T10:00:00', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T10:00:00Z', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T10:00:00.123+02:00', '2026-11-20T08:00:00.123Z'],
    ['2026-11-20T10:00+0530', '2026-11-20T04:30:00.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['Fri, 20 Nov 2026 10:00:00 GMT', '2026-11-20T10:00:00.000Z'],
    ['Fri, 20 Nov 2026 10:00:00 +0000', '2026-11-20T10:00:00.000Z'],
    ['Fri, 20 Nov 2026 10:00:00 -0500', '2026-11-20T15:00:00.000Z'],
    ['Fri, 20 Nov 2026 10:00:00 EST', '2026-11-20T15:00:00.000Z'],
    ['Fri, 20 Nov 2026 10:00:00 PDT', '2026-11-20T17:00:00.000Z'],
    ['Fri, 20 Nov 2026 10:00:00 CET', '2026-11-20T09:00:00.000Z'],
    ['Fri,20 Nov 2026 10:00 GMT', '2026-11-20T10:00:00.000Z'],
    ['20 Nov 2026 10:00:00', '2026-11-20T10:00:00.000Z'],
    ['Friday, 20 November 2026 10:00:00 +0000', '2026-11-20T10:00:00.000Z'],
    ['Mon, 20 Nov 26 10:00:00 +0000', '2026-11-20T10:00:00.000Z'],
    ['  Fri, 20 Nov 2026   10:00:00 +0000 ', '2026-11-20T10:00:00.000Z'],
    [1795000000, '2026-11-18T11:06:40.000Z'],
    [1795000000000, '2026-11-18T11:06:40.000Z'],
    ['1795000000', '2026-11-18T11:06:40.000Z'],
  ])('reads %p as UTC', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    [undefined, /missing date/],
    ['', /missing date/],
    [null, /missing date/],
    ['yesterday', /unparseable/],
    ['2026-02-30 10:00:00', /day 30 is out of range/],
    ['2026-13-01', /month 13/],
    ['Mon, 30 Feb 2026 10:00:00 +0000', /day 30/],
    ['0000-00-00 00:00:00', /year 0 is implausible/],
    ['1899-12-31', /implausible/],
    ['Fri, 20 Nov 2026 10:00:00 XYZT', /unknown time zone/],
    ['Fri, 20 Foo 2026 10:00:00 GMT', /unknown month/],
    ['2026-11-20 25:00:00', /time of day/],
    [Number.NaN, /not a valid timestamp/],
    [-5, /not a valid timestamp/],
    [{}, /missing date/],
  ])('rejects %p with a reason', (input, reason) => {
    const result = parseFeedDate(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('shiftFeedDates', () => {
  const anchor = new Date('2026-11-27T00:00:00Z');
  const now = new Date('2027-03-10T12:30:00Z');
  const delta = now.getTime() - anchor.getTime();

  it('keeps the written format of each date', () => {
    expect(shiftDateText('2026-11-20 10:00:00', 86_400_000)).toBe('2026-11-21 10:00:00');
    expect(shiftDateText('2026-11-20T10:00:00.5Z', 1000)).toBe('2026-11-20T10:00:01.5Z');
    expect(shiftDateText('2026-11-20T10:00:00+02:00', 3_600_000)).toBe('2026-11-20T11:00:00+02:00');
    expect(shiftDateText('Fri, 20 Nov 2026 10:00:00 -0500', 86_400_000)).toBe('Sat, 21 Nov 2026 10:00:00 -0500');
    expect(shiftDateText('20 Nov 2026 23:30 GMT', 3_600_000)).toBe('21 Nov 2026 00:30 GMT');
    expect(shiftDateText('1795000000', 1000)).toBe('1795000001');
    expect(shiftDateText('not a date', 1000)).toBeNull();
  });

  it('moves every JSON pubDate by now − anchor and nothing else', () => {
    const body = JSON.stringify({ lastUpdate: '2026-11-26 00:00:00', jobs: [{ pubDate: '2026-11-20 10:00:00', jobDescription: 'pubDate 2026-11-20 10:00:00' }, { pubDate: 1795000000 }] }, null, 2);
    const shifted = JSON.parse(shiftFeedDates(body, 'json', anchor, now)) as { lastUpdate: string; jobs: { pubDate: unknown; jobDescription?: string }[] };
    expect(shifted.lastUpdate).toBe('2026-11-26 00:00:00');
    expect(shifted.jobs[0]?.jobDescription).toBe('pubDate 2026-11-20 10:00:00');
    const first = parseFeedDate(shifted.jobs[0]?.pubDate);
    expect(first.ok && first.date.getTime()).toBe(Date.UTC(2026, 10, 20, 10) + delta);
    expect(shifted.jobs[1]?.pubDate).toBe(1795000000 + delta / 1000);
  });

  it('moves RSS pubDate and lastBuildDate elements', () => {
    const body = '<rss><channel><lastBuildDate>Thu, 26 Nov 2026 23:55:00 +0000</lastBuildDate><item><pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate><description>Fri, 20 Nov 2026 10:00:00 GMT</description></item></channel></rss>';
    const shifted = shiftFeedDates(body, 'rss', anchor, now);
    expect(shifted).toContain('<pubDate>Wed, 03 Mar 2027 22:30:00 GMT</pubDate>');
    expect(shifted).toContain('<lastBuildDate>Wed, 10 Mar 2027 12:25:00 +0000</lastBuildDate>');
    expect(shifted).toContain('<description>Fri, 20 Nov 2026 10:00:00 GMT</description>');
  });

  it('returns the body unchanged when now is the anchor', () => {
    expect(shiftFeedDates('{"pubDate":"2026-11-20 10:00:00"}', 'json', anchor, anchor)).toBe('{"pubDate":"2026-11-20 10:00:00"}');
  });
});
