/** Small formatters for the digest email: money, dates, percentages, one-line text and link checks. */

/** An http(s) URL, normalised; anything else (javascript:, data:, relative, malformed) becomes '#'. */
export function safeUrl(raw: string): string {
  const value = raw.trim();
  if (!/^https?:\/\//i.test(value)) return '#';
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '#';
  } catch {
    return '#';
  }
}

// C0/C1 controls (tabs and line breaks included: they become spaces) and the bidirectional overrides a
// hostile title could use to display text reversed.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SPACES = /\s+/g;
const NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|\s\s|[^\S ]|^ | $/;

/** Text on one line: controls and runs of whitespace become single spaces, trimmed. */
export function oneLine(value: string): string {
  if (!NEEDS_CLEANING.test(value)) return value;
  return value.replace(CONTROL, ' ').replace(SPACES, ' ').trim();
}

/** "the week of 23 November 2026" → "The week of 23 November 2026". */
export function capitalise(value: string): string {
  return value.length === 0 ? value : value.charAt(0).toUpperCase() + value.slice(1);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
const plainNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 47500, "USD" → "$47,500"; 51200, "CAD" → "CA$51,200"; a missing or unknown code → "47,500" or "XYZ 47,500". */
export function formatMoney(amount: number, currency: string | null): string {
  if (currency === null || currency === '') return plainNumber.format(amount);
  const code = currency.toUpperCase();
  let format = moneyFormats.get(code);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 0 });
    } catch {
      return `${oneLine(currency)} ${plainNumber.format(amount)}`;
    }
    moneyFormats.set(code, format);
  }
  return format.format(amount);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-27T09:30:00Z" → "27 Nov" (UTC); null when the value is not a date. */
export function formatDayMonth(iso: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const date = new Date(ms);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 7 → "+7%", -2.5 → "−2.5%", 0 → "0%". */
export function formatGrowth(percent: number): string {
  const rounded = Math.round(percent * 10) / 10;
  const digits = oneDecimal.format(Math.abs(rounded));
  if (rounded > 0) return `+${digits}%`;
  if (rounded < 0) return `\u2212${digits}%`;
  return '0%';
}

/** 1, "job" → "1 new job"; 5 → "5 new jobs". */
export function countJobs(count: number): string {
  return `${count} new ${count === 1 ? 'job' : 'jobs'}`;
}

/**
 * At most `max` characters (code points), cut at a word boundary when one is near, with "…" appended
 * when anything was cut.
 */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  if (max <= 1) return '…'.slice(0, max);
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  const head = space >= cut.length * 0.6 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.\-–—]+$/, '')}…`;
}
