/**
 * Salary normalisation: amounts as numbers (currency symbols, thousands separators and "60k" handled),
 * min ≤ max, an ISO 4217-shaped upper-case currency (no currency → no salary: never guessed from the
 * job's region), and a yearly range when the period is known (hour × 2080, day × 260, week × 52,
 * month × 12), with the feed's period kept in `sourcePeriod`.
 *
 * Before any regex runs, free text is cut to FEED_LIMITS.salaryTextChars, and an amount, currency or
 * period longer than fieldInputChars is refused (cut, it could leave a valid prefix); no regex here
 * backtracks more than linearly.
 */
import { FEED_LIMITS } from '../shared/limits';
import { cutText } from './text';
import type { JobSalary, SalaryPeriod } from './job';

export interface SalaryInput {
  min?: unknown;
  max?: unknown;
  currency?: unknown;
  period?: unknown;
  /** Free text such as "$60,000 – $80,000 per year" or "USD 25-30/hour" (RSS job:salary). */
  text?: unknown;
}

export interface SalaryResult {
  salary: JobSalary | null;
  /** Why a given salary was changed or dropped; absent when the feed gave none or it was used as is. */
  note?: string;
}

/** Hours, days, weeks and months in a working year. */
export const YEARLY_FACTOR: Record<SalaryPeriod, number> = { year: 1, month: 12, week: 52, day: 260, hour: 2080 };

const PERIODS: Record<string, SalaryPeriod> = {
  year: 'year', years: 'year', yearly: 'year', annual: 'year', annually: 'year', annum: 'year', yr: 'year',
  pa: 'year', 'p.a.': 'year', 'p.a': 'year', y: 'year', 'per year': 'year', 'a year': 'year', 'per annum': 'year',
  month: 'month', months: 'month', monthly: 'month', mo: 'month', mth: 'month', pcm: 'month', 'per month': 'month', 'a month': 'month',
  week: 'week', weeks: 'week', weekly: 'week', wk: 'week', pw: 'week', 'per week': 'week', 'a week': 'week',
  day: 'day', days: 'day', daily: 'day', 'per day': 'day', 'a day': 'day', pd: 'day',
  hour: 'hour', hours: 'hour', hourly: 'hour', hr: 'hour', h: 'hour', ph: 'hour', 'per hour': 'hour', 'an hour': 'hour',
};

/** Symbols with one currency. "$" alone is read as USD (the convention of the feeds we take); "C$", "A$"… are explicit. */
const SYMBOLS: [string, string][] = [
  ['US$', 'USD'], ['CA$', 'CAD'], ['C$', 'CAD'], ['AU$', 'AUD'], ['A$', 'AUD'], ['NZ$', 'NZD'], ['HK$', 'HKD'],
  ['S$', 'SGD'], ['R$', 'BRL'], ['€', 'EUR'], ['£', 'GBP'], ['₹', 'INR'], ['₩', 'KRW'], ['₦', 'NGN'], ['₱', 'PHP'],
  ['₺', 'TRY'], ['₴', 'UAH'], ['₪', 'ILS'], ['zł', 'PLN'], ['$', 'USD'],
];

/** Codes accepted in free text (a three-letter word is not taken for a currency unless listed). */
const CODES = new Set([
  'USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'INR',
  'JPY', 'CNY', 'SGD', 'HKD', 'BRL', 'MXN', 'ARS', 'COP', 'CLP', 'ZAR', 'NGN', 'KES', 'PHP', 'TRY', 'UAH', 'ILS',
  'AED', 'SAR', 'KRW', 'IDR', 'MYR', 'THB', 'VND', 'PKR', 'EGP',
]);

/** 'year' | 'month' | … for a period word; null when given but unknown; undefined when not given. */
export function normalisePeriod(value: unknown): SalaryPeriod | null | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length > FEED_LIMITS.fieldInputChars) return null;
  const key = value
    .trim().toLowerCase().replace(/\s+/g, ' ').replace(/^\/\s*/, '');
  if (key === '') return undefined;
  return PERIODS[key] ?? PERIODS[key.replace(/^(?:per|an?) /, '')] ?? null;
}

function currencyOf(text: string): string | null {
  const upper = text.toUpperCase();
  for (const [symbol, code] of SYMBOLS) if (upper.includes(symbol.toUpperCase())) return code;
  const words = upper.match(/\b[A-Z]{3}\b/g) ?? [];
  for (const word of words) if (CODES.has(word)) return word;
  return null;
}

const PLAIN_NUMBER = /^\d{1,15}$/;

/** A number out of "60,000", "60 000", "45.000,50", "60k", "1.2m", "$75,000.00", "USD 50000"; NaN otherwise. */
export function parseAmount(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  if (value.length > FEED_LIMITS.fieldInputChars) return Number.NaN;
  if (PLAIN_NUMBER.test(value)) return Number(value);
  let text = value.trim().toLowerCase();
  for (const [symbol] of SYMBOLS) text = text.split(symbol.toLowerCase()).join('');
  text = text.replace(/^[a-z]{3}(?=[\s\d])|(?<=[\d\s])[a-z]{3}$/g, '').replace(/\s+/g, '');
  const shape = /^([\d.,]+)([km]?)$/.exec(text);
  if (!shape) return Number.NaN;
  const digits = shape[1] ?? '';
  const multiplier = shape[2] === 'k' ? 1_000 : shape[2] === 'm' ? 1_000_000 : 1;
  let normal: string;
  if (/^\d+$/.test(digits)) normal = digits;
  else if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(digits)) normal = digits.replace(/,/g, '');
  else if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(digits)) normal = digits.replace(/\./g, '').replace(',', '.');
  else if (/^\d+\.\d+$/.test(digits)) normal = digits;
  else if (/^\d+,\d{1,2}$/.test(digits)) normal = digits.replace(',', '.');
  else return Number.NaN;
  const n = Number(normal) * multiplier;
  return Number.isFinite(n) ? n : Number.NaN;
}

/** min, max, currency and period out of free text such as "£30k–£35k a year" or "USD 25-30/hour". */
function parseSalaryText(text: string): { min?: number; max?: number; currency: string | null; period: SalaryPeriod | null | undefined } {
  const currency = currencyOf(text);
  const lower = text.toLowerCase();
  let period: SalaryPeriod | null | undefined;
  const periodMatch =
    /(?:\/\s*|\bper\s+|\ban?\s+|\b)(year|yr|annum|annual(?:ly)?|yearly|p\.?a\.?|month(?:ly)?|mo|pcm|week(?:ly)?|wk|day|daily|hour(?:ly)?|hr|h)\b/.exec(lower);
  if (periodMatch) period = normalisePeriod(periodMatch[1]);
  // parseAmount drops the spaces inside a match ("60 k" → "60k"). (This used to strip them with
  // /\s+(?=[km]$)/, which rescans a run of spaces from each of them: 200k spaces took two minutes.)
  const numbers = [...lower.matchAll(/\d[\d,. ]*(?:\d)?\s*[km]?(?![a-z])/g)].map((m) => parseAmount(m[0])).filter((n) => !Number.isNaN(n));
  const upTo = /\b(?:up to|max(?:imum)?|to)\s*\D{0,4}\d/.test(lower) && numbers.length === 1;
  const from = /\b(?:from|min(?:imum)?|starting(?: at)?)\b/.test(lower) && numbers.length === 1;
  const result: { min?: number; max?: number; currency: string | null; period: SalaryPeriod | null | undefined } = { currency, period };
  if (numbers.length >= 2) {
    result.min = numbers[0];
    result.max = numbers[1];
  } else if (numbers.length === 1) {
    if (upTo && !from) result.max = numbers[0];
    else if (from) result.min = numbers[0];
    else {
      result.min = numbers[0];
      result.max = numbers[0];
    }
  }
  return result;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

function cleanCurrency(value: unknown): string | null | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== 'string') return null;
  if (value.length > FEED_LIMITS.fieldInputChars) return null;
  const trimmed = value.trim();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{3}$/.test(upper)) return upper;
  const fromSymbol = SYMBOLS.find(([symbol]) => symbol.toUpperCase() === upper);
  return fromSymbol ? fromSymbol[1] : null;
}

/**
 * Normalise a feed's salary fields. Returns `salary: null` when there is no salary, no currency, or the
 * amounts are not numbers or are absurd (≤ 0, or above FEED_LIMITS.maxYearlySalary a year): the job is
 * kept either way, and `note` says why a given salary was dropped or changed.
 */
export function normaliseSalary(input: SalaryInput): SalaryResult {
  let minRaw: unknown = input.min;
  let maxRaw: unknown = input.max;
  let currency = cleanCurrency(input.currency);
  let period = normalisePeriod(input.period);
  const periodGiven = present(input.period);

  const text = typeof input.text === 'string' ? cutText(input.text, FEED_LIMITS.salaryTextChars) : undefined;
  if (!present(minRaw) && !present(maxRaw) && text !== undefined && text.trim() !== '') {
    const parsed = parseSalaryText(text);
    minRaw = parsed.min;
    maxRaw = parsed.max;
    if (currency === undefined && parsed.currency !== null) currency = parsed.currency;
    if (period === undefined) period = parsed.period;
    if (!present(minRaw) && !present(maxRaw)) return { salary: null, note: `salary "${clip(text)}" has no amount` };
  }
  if (!present(minRaw) && !present(maxRaw)) return { salary: null };

  // A string amount may carry its own currency ("$60,000", "€45k").
  if (currency === undefined) {
    for (const raw of [minRaw, maxRaw]) {
      if (typeof raw === 'string') {
        const found = raw.length > FEED_LIMITS.fieldInputChars ? null : currencyOf(raw);
        if (found !== null) {
          currency = found;
          break;
        }
      }
    }
  }
  if (currency === undefined) return { salary: null, note: 'salary has no currency' };
  if (currency === null) return { salary: null, note: `salary currency "${clip(String(input.currency))}" is not an ISO code` };
  if (period === null) period = undefined;

  let min: number | null = present(minRaw) ? parseAmount(minRaw) : null;
  let max: number | null = present(maxRaw) ? parseAmount(maxRaw) : null;
  if (Number.isNaN(min) || Number.isNaN(max)) return { salary: null, note: 'salary amount is not a number' };

  const notes: string[] = [];
  if (periodGiven && period === undefined) notes.push(`salary period "${clip(String(input.period))}" is unknown`);
  if (min !== null && max !== null && min > max) {
    [min, max] = [max, min];
    notes.push('salary min and max were swapped');
  }
  const factor = period === undefined ? 1 : YEARLY_FACTOR[period];
  const scale = (n: number | null): number | null => (n === null ? null : period === undefined ? n : Math.round(n * factor));
  const yearlyMin = scale(min);
  const yearlyMax = scale(max);
  for (const amount of [yearlyMin, yearlyMax]) {
    if (amount !== null && (amount <= 0 || amount > FEED_LIMITS.maxYearlySalary)) {
      return { salary: null, note: `salary ${amount} ${currency}${period === undefined ? '' : ' a year'} is implausible` };
    }
  }
  const salary: JobSalary = {
    min: yearlyMin,
    max: yearlyMax,
    currency,
    period: period === undefined ? null : 'year',
    sourcePeriod: period ?? null,
  };
  return notes.length > 0 ? { salary, note: notes.join('; ') } : { salary };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
