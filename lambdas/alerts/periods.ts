/**
 * Alert periods: a calendar day for Plus, an ISO week for Free, cut in the schedule's time zone.
 * The period key names a subscriber's delivery in the ledger: at most one digest per period.
 */
import type { Tier } from '../subscriptions/subscriber';

export interface Period {
  tier: Tier;
  /** "plus#2026-11-27" or "free#2026-W48": the ledger's sort key. */
  key: string;
  /** Human label for the email, e.g. "Friday, 27 November 2026" or "the week of 23 November 2026". */
  label: string;
  /** The period's first instant (local midnight in the time zone), ISO UTC. */
  start: string;
  /** The first instant after the period, ISO UTC. */
  end: string;
  /** How far back a first digest looks: one period. */
  lookbackMs: number;
}

const DAY_MS = 86_400_000;

interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
  };
}

/** The calendar date of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = wallClock(instant, timeZone);
  return { year, month, day };
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a local calendar date begins in a time zone (the offset is re-read there, for DST days). */
export function localMidnight(date: LocalDate, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const first = wall - offsetMs(new Date(wall), timeZone);
  return new Date(wall - offsetMs(new Date(first), timeZone));
}

/** ISO 8601 week-numbering year and week of a calendar date. */
export function isoWeek(date: LocalDate): { year: number; week: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return { year: d.getUTCFullYear(), week: Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7) };
}

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (date: LocalDate, days: number): LocalDate => {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};
const longDate = (date: LocalDate, weekday: boolean) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    ...(weekday ? { weekday: 'long' as const } : {}),
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(Date.UTC(date.year, date.month - 1, date.day)));

/** The period of a tier that contains `now`. */
export function periodOf(tier: Tier, now: Date, timeZone: string): Period {
  const today = localDate(now, timeZone);
  if (tier === 'plus') {
    return {
      tier,
      key: `plus#${today.year}-${pad(today.month)}-${pad(today.day)}`,
      label: longDate(today, true),
      start: localMidnight(today, timeZone).toISOString(),
      end: localMidnight(addDays(today, 1), timeZone).toISOString(),
      lookbackMs: DAY_MS,
    };
  }
  const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7;
  const monday = addDays(today, -weekday);
  const { year, week } = isoWeek(today);
  return {
    tier,
    key: `free#${year}-W${pad(week)}`,
    label: `the week of ${longDate(monday, false)}`,
    start: localMidnight(monday, timeZone).toISOString(),
    end: localMidnight(addDays(monday, 7), timeZone).toISOString(),
    lookbackMs: 7 * DAY_MS,
  };
}
