import { ParseContext, GuideParseError } from '../../../lambdas/guides/errors';
import { isValidSlug, parseAmount, parseExperience, parsePercent, parsePeriod, parseTimeRange, slugify, splitRange } from '../../../lambdas/guides/fields';

describe('the field parsers both layouts share', () => {
  it.each([
    ['$47,500', 47500], ['47500', 47500], ['USD 47,500', 47500], ['60,000+', 60000], ['$45k', 45000], ['€1,234.5', 1234.5],
    ['47,50', null], ['forty', null], ['', null], ['1'.repeat(41), null],
  ])('parseAmount(%j) = %j', (text, amount) => {
    expect(parseAmount(text)).toBe(amount);
  });

  it.each([['7%', 7], ['-1.5 %', -1.5], ['+3%', 3], ['7', null], ['seven%', null]])('parsePercent(%j) = %j', (text, percent) => {
    expect(parsePercent(text)).toBe(percent);
  });

  it.each([
    ['0-2 years', { minYears: 0, maxYears: 2 }], ['5+ years', { minYears: 5, maxYears: null }], ['10 years', { minYears: 10, maxYears: 10 }],
    ['less than 1 year', { minYears: 0, maxYears: 1 }], ['3 to 5 yrs', { minYears: 3, maxYears: 5 }], ['5-2 years', null], ['a few years', null],
  ])('parseExperience(%j)', (text, years) => {
    expect(parseExperience(text)).toEqual(years);
  });

  it.each([
    ['9:00 AM - 12:00 PM', { start: '09:00', end: '12:00' }], ['13:00–15:30', { start: '13:00', end: '15:30' }],
    ['9-11 AM', { start: '09:00', end: '11:00' }], ['noon', { start: '12:00', end: null }], ['9', null], ['9:00 XM - 1 PM', null],
  ])('parseTimeRange(%j)', (text, range) => {
    expect(parseTimeRange(text)).toEqual(range);
  });

  it('splits a period heading into its name and times, and names the line of a bad time', () => {
    const ctx = new ParseContext('g.md');
    expect(parsePeriod('Morning (9:00 AM - 12:00 PM)', 7, ctx)).toEqual({ period: 'Morning', start: '09:00', end: '12:00' });
    expect(parsePeriod('Evening (On Call)', 7, ctx)).toEqual({ period: 'Evening (On Call)', start: null, end: null });
    expect(() => parsePeriod('Morning (25:00 - 26:00)', 7, ctx)).toThrow(new GuideParseError('g.md', 7, "time range '25:00 - 26:00' is not like '9:00 AM - 12:00 PM'"));
  });

  it('makes and checks slugs, and splits ranges at the first separator', () => {
    expect(slugify('Médical Office (Admin)')).toBe('medical-office-admin');
    expect(slugify('日本語')).toBe('');
    expect([isValidSlug('medical-office'), isValidSlug('Medical'), isValidSlug('a--b')]).toEqual([true, false, false]);
    expect(splitRange('35,000—60,000')).toEqual(['35,000', '60,000']);
    expect(splitRange('-5')).toBeNull();
  });
});
