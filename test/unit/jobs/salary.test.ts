import { normaliseSalary, parseAmount } from '../../../lambdas/jobs/salary';

describe('parseAmount', () => {
  it.each([
    [60000, 60000],
    ['60000', 60000],
    ['60,000', 60000],
    ['$60,000.50', 60000.5],
    ['60k', 60000],
    ['60.5K', 60500],
    ['1.2m', 1200000],
    ['€45.000', 45000],
    ['45.000,50', 45000.5],
    ['60 000', 60000],
    ['USD 50000', 50000],
    ['50000 usd', 50000],
    ['£40,000', 40000],
    ['38,50', 38.5],
  ])('%p → %p', (input, expected) => {
    expect(parseAmount(input)).toBe(expected);
  });

  it.each([['abc'], [''], ['60000 per month'], ['1,2,3'], [Number.POSITIVE_INFINITY], [null], [{}]])('%p is not an amount', (input) => {
    expect(parseAmount(input)).toBeNaN();
  });
});

describe('normaliseSalary', () => {
  it('normalises a yearly range with symbols and k', () => {
    expect(normaliseSalary({ min: '$60,000', max: '80k', currency: 'usd', period: 'Yearly' })).toEqual({
      salary: { min: 60000, max: 80000, currency: 'USD', period: 'year', sourcePeriod: 'year' },
    });
  });

  it.each([
    ['hourly', 20, 41600],
    ['daily', 200, 52000],
    ['weekly', 1000, 52000],
    ['monthly', 4000, 48000],
    ['per annum', 50000, 50000],
    ['/hr', 20, 41600],
  ])('converts %s pay to a year', (period, amount, yearly) => {
    const { salary } = normaliseSalary({ min: amount, max: amount, currency: 'EUR', period });
    expect(salary).toMatchObject({ min: yearly, max: yearly, period: 'year' });
    expect(salary?.sourcePeriod).not.toBeNull();
  });

  it('keeps amounts as given, with period null, when the period is missing', () => {
    expect(normaliseSalary({ min: 50000, max: 60000, currency: 'GBP' }).salary).toEqual({
      min: 50000, max: 60000, currency: 'GBP', period: null, sourcePeriod: null,
    });
  });

  it('notes an unknown period and keeps the amounts as given', () => {
    const result = normaliseSalary({ min: 100, max: 200, currency: 'USD', period: 'per fortnight' });
    expect(result.salary).toMatchObject({ min: 100, max: 200, period: null, sourcePeriod: null });
    expect(result.note).toMatch(/period "per fortnight" is unknown/);
  });

  it('swaps min and max, with a note', () => {
    const result = normaliseSalary({ min: '€4.500', max: '€3.500', currency: 'EUR', period: 'monthly' });
    expect(result.salary).toMatchObject({ min: 42000, max: 54000 });
    expect(result.note).toMatch(/swapped/);
  });

  it('keeps a one-sided range', () => {
    expect(normaliseSalary({ min: 50000, currency: 'USD', period: 'yearly' }).salary).toMatchObject({ min: 50000, max: null });
    expect(normaliseSalary({ max: '90k', currency: 'USD', period: 'yearly' }).salary).toMatchObject({ min: null, max: 90000 });
  });

  it.each([
    [{ min: 0, max: 50000, currency: 'USD', period: 'yearly' }, /implausible/],
    [{ min: -1, max: 5, currency: 'USD' }, /implausible/],
    [{ min: 90_000_000, max: 99_000_000, currency: 'USD', period: 'yearly' }, /implausible/],
    [{ min: 6000, max: 6000, currency: 'USD', period: 'hourly' }, /implausible/],
    [{ min: 50000, max: 60000 }, /no currency/],
    [{ min: 50000, currency: 'dollars' }, /not an ISO code/],
    [{ min: 'lots', currency: 'USD' }, /not a number/],
    [{ text: 'Competitive' }, /no amount/],
  ])('drops %p with a note', (input, note) => {
    const result = normaliseSalary(input);
    expect(result.salary).toBeNull();
    expect(result.note).toMatch(note);
  });

  it('gives no salary and no note when there is none', () => {
    expect(normaliseSalary({})).toEqual({ salary: null });
    expect(normaliseSalary({ min: '', max: null, currency: 'USD' })).toEqual({ salary: null });
  });

  it('takes the currency from a symbol on the amount', () => {
    expect(normaliseSalary({ min: '£40,000', max: '£48,000', period: 'yearly' }).salary?.currency).toBe('GBP');
  });

  it.each([
    ['$60,000 - $80,000 per year', { min: 60000, max: 80000, currency: 'USD', sourcePeriod: 'year' }],
    ['£30k–£35k a year', { min: 30000, max: 35000, currency: 'GBP', sourcePeriod: 'year' }],
    ['USD 25-30/hour', { min: 52000, max: 62400, currency: 'USD', sourcePeriod: 'hour' }],
    ['€3.500 monthly', { min: 42000, max: 42000, currency: 'EUR', sourcePeriod: 'month' }],
    ['CAD 95,000 - 110,000 per year', { min: 95000, max: 110000, currency: 'CAD', sourcePeriod: 'year' }],
    ['Up to $90k per year', { min: null, max: 90000, currency: 'USD' }],
    ['From €50,000 annually', { min: 50000, max: null, currency: 'EUR' }],
    ['C$70 - C$85 an hour', { min: 145600, max: 176800, currency: 'CAD' }],
  ])('reads free text %p', (text, expected) => {
    expect(normaliseSalary({ text }).salary).toMatchObject(expected);
  });
});
