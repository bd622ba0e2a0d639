/**
 * Field parsers both layouts share (the Markdown layout's front matter and body, and the plain-text
 * layout): slugs, amounts, percentages, years of experience, times of day, and the labels that open
 * a tier, a day block or a case study's takeaway. Pure functions over one value each.
 */
import type { CareerTier, DayBlock } from './guide';
import type { ParseContext } from './errors';

/** Lines longer than this are never headings, figures or labels (keeps every regex cheap). */
export const SHORT = 200;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isValidSlug(slug: string): boolean {
  return slug.length <= 200 && SLUG.test(slug);
}

/** Kebab-case ASCII: "Médical Office (Admin)" → "medical-office-admin"; "" when nothing is left. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200)
    .replace(/-+$/, '');
}

/** "$47,500", "47500", "USD 47,500", "60,000+", "$45k" → number; anything else → null. */
export function parseAmount(raw: string): number | null {
  let text = raw.trim();
  if (text.length === 0 || text.length > 40) return null;
  text = text.replace(/^(?:[A-Z]{2,3}\s?)?[$€£¥]?\s?/, '').replace(/\+$/, '');
  const thousands = /^(\d+(?:\.\d+)?)[kK]$/.exec(text);
  if (thousands) return Number(thousands[1]) * 1000;
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text) || /^\d+(?:\.\d+)?$/.test(text)) {
    return Number(text.replace(/,/g, ''));
  }
  return null;
}

/** "7%", "-1.5 %" → number; anything else → null. */
export function parsePercent(raw: string): number | null {
  const match = /^([+-]?\d{1,6}(?:\.\d{1,6})?)\s?%$/.exec(raw.trim());
  return match ? Number(match[1]) : null;
}

/** Splits "a - b", "a – b", "a — b", "a to b" at the first separator; null when there is none. */
export function splitRange(text: string): [string, string] | null {
  const match = /\s?(?:[-–—]|\bto\b)\s?/.exec(text);
  if (!match || match.index === 0) return null;
  return [text.slice(0, match.index).trim(), text.slice(match.index + match[0].length).trim()];
}

const YEARS_UNIT = String.raw`(?:\s?(?:years?|yrs?\.?))?`;
const EXPERIENCE_OPEN = [
  new RegExp(String.raw`^(\d{1,2})\s?\+` + YEARS_UNIT + '$'),
  new RegExp(String.raw`^(\d{1,2})` + YEARS_UNIT + String.raw`\s?\+$`),
];
const EXPERIENCE_RANGE = new RegExp(String.raw`^(\d{1,2})\s?(?:-|–|—|to)\s?(\d{1,2})` + YEARS_UNIT + '$');
const EXPERIENCE_BELOW = new RegExp(String.raw`^(?:less than|under|<)\s?(\d{1,2})` + YEARS_UNIT + '$');
const EXPERIENCE_EXACT = /^(\d{1,2})\s?(?:years?|yrs?\.?)$/;

/**
 * Years of experience of a career tier: "0-2 years" → 0..2, "5+ years" → 5..null, "10 years" → 10..10,
 * "less than 1 year" → 0..1 (en and em dashes and "to" also separate a range); null when not a figure.
 */
export function parseExperience(raw: string): { minYears: number; maxYears: number | null } | null {
  const text = raw.trim().toLowerCase();
  if (text.length > 60) return null;
  for (const pattern of EXPERIENCE_OPEN) {
    const open = pattern.exec(text);
    if (open) return { minYears: Number(open[1]), maxYears: null };
  }
  const range = EXPERIENCE_RANGE.exec(text);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    return min <= max ? { minYears: min, maxYears: max } : null;
  }
  const below = EXPERIENCE_BELOW.exec(text);
  if (below) return { minYears: 0, maxYears: Number(below[1]) };
  const exact = EXPERIENCE_EXACT.exec(text);
  if (exact) return { minYears: Number(exact[1]), maxYears: Number(exact[1]) };
  return null;
}

interface Clock {
  hours: number;
  minutes: number;
  meridiem: 'am' | 'pm' | null;
}

function parseClock(raw: string): Clock | null {
  const text = raw.trim().toLowerCase();
  if (text === 'noon') return { hours: 12, minutes: 0, meridiem: 'pm' };
  if (text === 'midnight') return { hours: 12, minutes: 0, meridiem: 'am' };
  const match = /^(\d{1,2})(?::(\d{2}))?\s?([ap])?(?:\.?m\.?)?$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3] === undefined ? null : match[3] === 'a' ? 'am' : 'pm';
  if (minutes > 59) return null;
  if (meridiem === null && (match[2] === undefined || hours > 23)) return null; // "9" alone is not a time
  if (meridiem !== null && (hours < 1 || hours > 12)) return null;
  if (meridiem === null && /[a-z]/.test(text)) return null; // "9:00 xm"
  return { hours, minutes, meridiem };
}

function minutesOf(clock: Clock, meridiem: 'am' | 'pm' | null): number {
  const hours = meridiem === 'am' ? clock.hours % 12 : meridiem === 'pm' ? (clock.hours % 12) + 12 : clock.hours;
  return hours * 60 + clock.minutes;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * "9:00 AM - 12:00 PM" → 09:00..12:00; "13:00–15:30"; "9-11 AM" style (a missing meridiem on the
 * start is taken from the end when that keeps the range in order); a single time → start only.
 */
export function parseTimeRange(raw: string): { start: string; end: string | null } | null {
  const text = raw.trim();
  if (text.length > 60) return null;
  const parts = splitRange(text);
  if (parts === null) {
    const single = parseClock(text);
    return single ? { start: hhmm(minutesOf(single, single.meridiem)), end: null } : null;
  }
  const end = parseClock(parts[1]);
  const start = parseClock(parts[0]) ?? (end?.meridiem ? parseClock(`${parts[0]}:00`) : null);
  if (!start || !end) return null;
  const endMinutes = minutesOf(end, end.meridiem);
  let startMinutes = minutesOf(start, start.meridiem);
  if (start.meridiem === null && end.meridiem !== null && start.hours <= 12) {
    const same = minutesOf(start, end.meridiem);
    const other = minutesOf(start, end.meridiem === 'am' ? 'pm' : 'am');
    startMinutes = same <= endMinutes ? same : other;
  }
  return { start: hhmm(startMinutes), end: hhmm(endMinutes) };
}

/** "Morning (9:00 AM - 12:00 PM)" → period "Morning" + times; "Evening (On Call)" stays whole. */
export function parsePeriod(text: string, line: number, ctx: ParseContext): Pick<DayBlock, 'period' | 'start' | 'end'> {
  const match = text.length <= SHORT ? /^([^()]*?)\s?\(([^()]*)\)$/.exec(text) : null;
  if (!match || !/\d/.test(match[2] as string)) return { period: text, start: null, end: null };
  const times = parseTimeRange(match[2] as string);
  if (!times) ctx.fail(line, `time range '${match[2]}' is not like '9:00 AM - 12:00 PM'`);
  return { period: (match[1] as string).trim(), start: times.start, end: times.end };
}

export function parseTier(
  title: string,
  experienceText: string,
  description: string,
  line: number,
  ctx: ParseContext,
): CareerTier {
  const years = parseExperience(experienceText);
  if (!years) ctx.fail(line, `experience '${experienceText}' is not a number of years like '0-2 years' or '5+ years'`);
  return { title, experience: experienceText, minYears: years.minYears, maxYears: years.maxYears, description };
}

export const EXPERIENCE = /^experience\s?:\s*(.*)$/is;
export const FOCUS = /^focus\s?:\s*(.*)$/is;
export const TAKEAWAY = /^key takeaways?\s?:\s*(.*)$/is;
