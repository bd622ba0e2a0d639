/**
 * Feed dates: ISO 8601, "YYYY-MM-DD HH:MM:SS" (zone-less: UTC), RFC 822/2822 (RSS pubDate) and epoch
 * numbers, parsed strictly (no `Date.parse` guessing) into UTC; and `shiftFeedDates`, which moves every
 * pubDate of a sample feed by a fixed amount while keeping its written format.
 */
import { FEED_LIMITS } from '../shared/limits';

export type DateParse = { ok: true; date: Date } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Zone names with one unambiguous offset (minutes east of UTC). RFC 822 ones plus common European ones. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600,
  BST: 60, CET: 60, CEST: 120, WEST: 60, EET: 120, EEST: 180, MSK: 180,
  JST: 540, KST: 540, AEST: 600, AEDT: 660, ACST: 570, AWST: 480, NZST: 720, NZDT: 780,
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2})(?::(\d{2})(?:([.,])(\d{1,9}))?)?)?(\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT))?$/i;
const RFC822 =
  /^(?:([A-Za-z]{3,9})\.?,?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(\s*(?:[+-]\d{4}|[+-]\d{2}:\d{2}|[A-Za-z]{1,5}))?(\s*\([^)]*\))?$/;

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Minutes east of UTC for a zone token, or null when unknown. Missing zone is UTC. */
function zoneOffset(token: string | undefined): number | null {
  const z = (token ?? '').trim();
  if (z === '') return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? '0');
    if (hours > 14 || minutes > 59) return null;
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const named = ZONES[z.toUpperCase()];
  if (named !== undefined) return named;
  // RFC 2822 §4.3: military single letters are unreliable and mean "-0000" (UTC, zone unknown).
  if (/^[A-IK-Za-ik-z]$/.test(z)) return 0;
  return null;
}

function build(
  year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, offset: number,
): DateParse {
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `date year ${year} is implausible` };
  if (month < 1 || month > 12) return { ok: false, reason: `date month ${month} is out of range` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: `date day ${day} is out of range` };
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) {
    return { ok: false, reason: 'date time of day is out of range' };
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offset * 60_000;
  return { ok: true, date: new Date(utc) };
}

function fromEpoch(n: number): DateParse {
  if (!Number.isFinite(n) || n <= 0) return { ok: false, reason: 'date is not a valid timestamp' };
  const ms = n >= 1e11 ? n : n * 1000; // seconds before ~5138, milliseconds after
  const date = new Date(Math.round(ms));
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `date year ${year} is implausible` };
  return { ok: true, date };
}

/**
 * Parse a feed's date. Accepts epoch seconds/milliseconds (numbers or digit strings), ISO 8601
 * (zone-less means UTC; a date alone means midnight UTC), "YYYY-MM-DD HH:MM:SS" and RFC 822/2822
 * (weekday optional and not checked, 2-digit years, named US/European zones, numeric offsets).
 */
export function parseFeedDate(value: unknown): DateParse {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return { ok: false, reason: 'missing date' };
  // Refused before any regex runs (cutting could leave a valid date in front of the garbage).
  if (value.length > FEED_LIMITS.fieldInputChars) return { ok: false, reason: `date longer than ${FEED_LIMITS.fieldInputChars} characters` };
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '') return { ok: false, reason: 'missing date' };
  if (/^\d{9,13}$/.test(text)) return fromEpoch(Number(text));

  const iso = ISO.exec(text);
  if (iso) {
    const offset = zoneOffset(iso[10]);
    if (offset === null) return { ok: false, reason: `unknown time zone in date "${clip(text)}"` };
    const fraction = iso[9] ?? '';
    const ms = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
    return withReason(
      build(Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[5] ?? 0), Number(iso[6] ?? 0), Number(iso[7] ?? 0), ms, offset),
      text,
    );
  }
  const rfc = RFC822.exec(text);
  if (rfc) {
    const month = MONTHS[(rfc[3] ?? '').toLowerCase()];
    if (month === undefined) return { ok: false, reason: `unknown month in date "${clip(text)}"` };
    const offset = zoneOffset(rfc[8]);
    if (offset === null) return { ok: false, reason: `unknown time zone in date "${clip(text)}"` };
    let year = Number(rfc[4]);
    if ((rfc[4] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
    return withReason(
      build(year, month, Number(rfc[2]), Number(rfc[5]), Number(rfc[6]), Number(rfc[7] ?? 0), 0, offset),
      text,
    );
  }
  return { ok: false, reason: `unparseable date "${clip(text)}"` };
}

function withReason(result: DateParse, text: string): DateParse {
  return result.ok ? result : { ok: false, reason: `${result.reason}: "${clip(text)}"` };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Shifting sample feeds in time
// ---------------------------------------------------------------------------------------------

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The same instant shifted by `deltaMs`, written in the layout (and zone) of `text`; null if unparseable. */
export function shiftDateText(text: string, deltaMs: number): string | null {
  const trimmed = text.trim();
  if (/^\d{9,13}$/.test(trimmed)) {
    const n = Number(trimmed);
    return String(n >= 1e11 ? n + deltaMs : n + Math.round(deltaMs / 1000));
  }
  const parsed = parseFeedDate(trimmed);
  if (!parsed.ok) return null;
  const iso = ISO.exec(trimmed);
  if (iso) {
    const zone = iso[10] ?? '';
    const offset = zoneOffset(zone) ?? 0;
    const local = new Date(parsed.date.getTime() + deltaMs + offset * 60_000);
    let out = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
    if (iso[4] !== undefined) {
      out += `${iso[4]}${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
      if (iso[7] !== undefined) {
        out += `:${pad(local.getUTCSeconds())}`;
        const fraction = iso[9];
        if (fraction !== undefined) {
          const digits = pad(local.getUTCMilliseconds(), 3).padEnd(fraction.length, '0').slice(0, fraction.length);
          out += `${iso[8] ?? '.'}${digits}`;
        }
      }
    }
    return out + zone;
  }
  const rfc = RFC822.exec(trimmed);
  if (!rfc) return null;
  const zone = rfc[8] ?? '';
  const offset = zoneOffset(zone) ?? 0;
  const local = new Date(parsed.date.getTime() + deltaMs + offset * 60_000);
  const weekday = rfc[1] !== undefined ? `${DAY_NAMES[local.getUTCDay()]}, ` : '';
  const day = (rfc[2] ?? '').length === 2 ? pad(local.getUTCDate()) : String(local.getUTCDate());
  const year = (rfc[4] ?? '').length === 2 ? pad(local.getUTCFullYear() % 100) : String(local.getUTCFullYear());
  let time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  if (rfc[7] !== undefined) time += `:${pad(local.getUTCSeconds())}`;
  return `${weekday}${day} ${MONTH_NAMES[local.getUTCMonth()]} ${year} ${time}${zone}${rfc[9] ?? ''}`;
}

const JSON_DATE = /("pubDate"\s*:\s*)("(?:[^"\\]|\\.)*"|\d+(?:\.\d+)?)/g;
const RSS_DATE = /(<(pubDate|lastBuildDate|dc:date)(?:\s[^>]*)?>)([^<]*)(<\/\2\s*>)/g;

/**
 * Move every pubDate of a feed body by (now − anchor), keeping each date's written format, so static
 * sample feeds (written around `anchor`) look fresh when served at `now`. JSON: every `"pubDate"`
 * value; RSS: every <pubDate>, <lastBuildDate> and <dc:date>. Dates it cannot parse are left as they are;
 * nothing else in the body changes.
 */
export function shiftFeedDates(body: string, kind: 'json' | 'rss', anchor: Date, now: Date): string {
  const delta = now.getTime() - anchor.getTime();
  if (!Number.isFinite(delta) || delta === 0) return body;
  if (kind === 'json') {
    return body.replace(JSON_DATE, (whole, key: string, value: string) => {
      if (value.startsWith('"')) {
        const inner = value.slice(1, -1);
        if (inner.includes('\\')) return whole;
        const shifted = shiftDateText(inner, delta);
        return shifted === null ? whole : `${key}"${shifted}"`;
      }
      const shifted = shiftDateText(value, delta);
      return shifted === null ? whole : `${key}${shifted}`;
    });
  }
  return body.replace(RSS_DATE, (whole, open: string, _name: string, text: string, close: string) => {
    const shifted = shiftDateText(text, delta);
    return shifted === null ? whole : `${open}${shifted}${close}`;
  });
}
