/** The local stack's digest schedules: hourly for both tiers, like EventBridge Scheduler, each run at its scheduled minute. */
import { scheduledRuns } from '../../../lib/local/alerts';

const minuteOf = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

it('starts a Plus and a Free run at the top of every hour, with that minute as their instant, and none in between', () => {
  const fire = scheduledRuns();
  for (const hour of ['2026-11-27T00:00:00Z', '2026-11-27T07:00:00Z', '2026-11-29T18:00:00Z', '2026-11-30T23:00:00Z']) {
    expect(fire(minuteOf(hour))).toEqual([
      { tier: 'free', now: new Date(hour).toISOString() },
      { tier: 'plus', now: new Date(hour).toISOString() },
    ]);
  }
  expect(fire(minuteOf('2026-11-27T07:01:00Z'))).toEqual([]);
  expect(fire(minuteOf('2026-11-27T07:30:00Z'))).toEqual([]);
  // A day: 24 runs of each tier.
  const day = Array.from({ length: 24 * 60 }, (_, m) => fire(minuteOf('2026-11-30T00:00:00Z') + m)).flat();
  expect(day.filter((r) => r.tier === 'plus')).toHaveLength(24);
  expect(day.filter((r) => r.tier === 'free')).toHaveLength(24);
});
