/**
 * The wall clock of an IANA time zone: what a clock on the wall there shows at an instant, and the
 * instant a local calendar day begins. Digest periods are cut and cron schedules are read with it,
 * so both agree on a zone's day across DST changes.
 */

/** A calendar date, as people in some zone write it. */
export interface CalendarDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface WallClock extends CalendarDate {
  /** 0-23 */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export type ZoneClock = (instant: Date) => WallClock;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    // Throws RangeError for a zone the runtime does not know: when the clock is made, not when read.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock of a time zone; throws RangeError for an unknown zone. */
export function zoneClock(timeZone: string): ZoneClock {
  const format = formatterFor(timeZone);
  return (instant) => {
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
    for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
    return { year, month, day, hour, minute, second, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(clock: ZoneClock, instant: Date): number {
  const w = clock(instant);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a local calendar date begins in a time zone (the offset is re-read there, for DST days). */
export function localMidnight(date: CalendarDate, timeZone: string): Date {
  const clock = zoneClock(timeZone);
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const first = wall - offsetMs(clock, new Date(wall));
  return new Date(wall - offsetMs(clock, new Date(first)));
}

/**
 * A zone's canonical name (US/Eastern → America/New_York), or null for a zone the runtime does not
 * know. Audience partitions are keyed by it, so two spellings of one zone share one partition.
 */
export function canonicalZone(timeZone: string): string | null {
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

let zones: readonly string[] | undefined;

/** Every zone the runtime knows, canonical and sorted, UTC included (computed once). */
export function knownZones(): readonly string[] {
  zones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'].map((z) => canonicalZone(z)).filter((z): z is string => z !== null))].sort();
  return zones;
}
