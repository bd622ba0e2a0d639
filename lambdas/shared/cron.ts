/**
 * EventBridge cron expressions, evaluated locally: the local stack fires the same digest schedules
 * that EventBridge Scheduler runs in AWS. Six fields: minute hour day-of-month month day-of-week year;
 * `*`, `?`, lists, ranges, steps, and day/month names. Day-of-week is 1-7 from Sunday, as in AWS.
 */
import { zoneClock } from './clock';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

type Field = (value: number) => boolean;

function field(text: string, min: number, max: number, names: string[] = [], nameBase = 1): Field {
  if (text === '*' || text === '?') return () => true;
  const allowed = new Set<number>();
  const value = (v: string): number => {
    const i = names.indexOf(v.toUpperCase());
    const n = i >= 0 ? i + nameBase : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`cron: "${v}" is out of range ${min}-${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron: bad step in "${part}"`);
    const [lo, hi] = range === '*' || range === undefined ? [min, max] : range.includes('-') ? range.split('-').map(value) : [value(range), stepText === undefined ? value(range) : max];
    for (let n = lo as number; n <= (hi as number); n += step) allowed.add(n);
  }
  return (v) => allowed.has(v);
}

export interface CronMatcher {
  /** Does the schedule fire in the minute that contains `instant`, read in the time zone? */
  matches(instant: Date): boolean;
}

export function parseCron(expression: string, timeZone: string): CronMatcher {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = m?.[1]?.trim().split(/\s+/);
  if (fields === undefined || fields.length !== 6) throw new Error(`not an EventBridge cron expression: "${expression}"`);
  const [mi = '', ho = '', dom = '', mo = '', dow = '', yr = ''] = fields;
  const minute = field(mi, 0, 59);
  const hour = field(ho, 0, 23);
  const dayOfMonth = field(dom, 1, 31);
  const month = field(mo, 1, 12, MONTHS);
  const dayOfWeek = field(dow, 1, 7, DAYS);
  const year = field(yr, 1970, 2199);
  const clock = zoneClock(timeZone);
  return {
    matches(instant) {
      const wall = clock(instant);
      return (
        minute(wall.minute) &&
        hour(wall.hour) &&
        dayOfMonth(wall.day) &&
        month(wall.month) &&
        dayOfWeek(wall.weekday + 1) &&
        year(wall.year)
      );
    },
  };
}
