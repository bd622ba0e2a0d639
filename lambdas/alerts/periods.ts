/**
 * Alert periods: a calendar day for Plus, an ISO week for Free, cut in the subscriber's own time zone
 * (the default zone for those without one). The period key names a subscriber's delivery in the
 * ledger: at most one digest per local day or week, whatever their zone changes.
 */
import { localMidnight, zoneClock, type CalendarDate } from '../shared/clock';
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

/** ISO 8601 week-numbering year and week of a calendar date. */
export function isoWeek(date: CalendarDate): { year: number; week: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return { year: d.getUTCFullYear(), week: Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7) };
}

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (date: CalendarDate, days: number): CalendarDate => {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};
const longDate = (date: CalendarDate, weekday: boolean) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    ...(weekday ? { weekday: 'long' as const } : {}),
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(Date.UTC(date.year, date.month - 1, date.day)));

/** The period of a tier that contains `now`. */
export function periodOf(tier: Tier, now: Date, timeZone: string): Period {
  const wall = zoneClock(timeZone)(now);
  const today: CalendarDate = { year: wall.year, month: wall.month, day: wall.day };
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
  const monday = addDays(today, -((wall.weekday + 6) % 7));
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
