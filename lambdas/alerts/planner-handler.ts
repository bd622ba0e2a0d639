/** The planner's Lambda-shaped handler, over the pure planner (planner.ts). */
import type { Context } from 'aws-lambda';
import { TIERS, type Tier } from '../subscriptions/subscriber';
import { continueRun, startRun, type PlannerDependencies, type PlannerState } from './planner';
import type { RunRecord } from './runs';

/**
 * What starts a planner: a schedule ({ tier, now: its scheduled time }), the admin API or the CLI
 * ({ tier, dryRun, runId, now, allZones }), or itself ({ continue }).
 */
export type PlannerEvent = { tier: Tier; dryRun?: boolean; runId?: string; now?: string; allZones?: boolean } | { continue: PlannerState };

export function plannerHandler(deps: Omit<PlannerDependencies, 'remainingMs'>) {
  return async (event: PlannerEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<RunRecord | { continued: string }> => {
    const withTime = { ...deps, ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}) };
    if ('continue' in event) {
      await continueRun(event.continue, withTime);
      return { continued: event.continue.runId };
    }
    if (!TIERS.includes(event.tier)) throw new Error(`unknown tier "${String(event.tier)}"`);
    const now = event.now !== undefined ? new Date(event.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new Error(`not an instant: "${String(event.now)}"`);
    return startRun(
      {
        tier: event.tier,
        now,
        ...(event.allZones === true ? { allZones: true } : {}),
        ...(event.dryRun !== undefined ? { dryRun: event.dryRun } : {}),
        ...(event.runId !== undefined ? { runId: event.runId } : {}),
      },
      withTime,
    );
  };
}
