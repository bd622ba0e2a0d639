/** Operators' alert routes: start a run now, and read a run's counts. */
import { requireApiKey, type KeyProvider } from '../http/api-key';
import { notFound } from '../http/problems';
import { route, type Route } from '../http/router';
import type { Schema } from '../http/schema';
import { TIERS, type Tier } from '../subscriptions/subscriber';
import { newRunId, type RunRecord, type RunStore } from './runs';

export interface AlertRouteDependencies {
  runs: RunStore;
  /** Starts the planner for a run without waiting for it (Lambda async invoke in AWS). */
  startRun: (request: { tier: Tier; dryRun: boolean; runId: string }) => Promise<void>;
  apiKey: KeyProvider;
}

const RunRequestSchema: Schema = {
  type: 'object',
  properties: {
    tier: { type: 'string', enum: TIERS },
    dryRun: { type: 'boolean', description: 'Plan and match, count what would be sent, send nothing.' },
  },
  required: ['tier'],
  additionalProperties: false,
};

const count = (c: Record<string, number>, prefix: string) =>
  Object.fromEntries(Object.entries(c).filter(([k]) => k.startsWith(prefix)).map(([k, n]) => [k.slice(prefix.length), n]));

export const RunViewSchema: Schema = {
  type: 'object',
  properties: {
    runId: { type: 'string' },
    tier: { type: 'string', enum: TIERS },
    period: { type: 'string' },
    cutoff: { type: 'string', format: 'date-time' },
    dryRun: { type: 'boolean' },
    status: { type: 'string', enum: ['planning', 'planned'] },
    candidateJobs: { type: 'integer' },
    planned: { type: 'integer' },
    sent: { type: 'integer' },
    skipped: { type: 'object', properties: {}, additionalProperties: { type: 'integer' } },
    failed: { type: 'object', properties: {}, additionalProperties: { type: 'integer' } },
  },
  required: ['runId', 'tier', 'period', 'status', 'planned', 'sent', 'skipped', 'failed'],
};

/** A run as operators read it: sent, and skipped/failed by reason. */
export function runView(run: RunRecord) {
  return {
    runId: run.runId,
    tier: run.tier,
    period: run.period,
    cutoff: run.cutoff,
    dryRun: run.dryRun,
    status: run.status,
    createdAt: run.createdAt,
    candidateJobs: run.candidateJobs,
    planned: run.planned,
    messages: run.messages,
    sent: run.counts.sent ?? 0,
    skipped: count(run.counts, 'skipped.'),
    failed: count(run.counts, 'failed.'),
  };
}

export const alertSchemas = { RunView: RunViewSchema };

export function alertRoutes(deps: AlertRouteDependencies): Route[] {
  return [
    route({
      method: 'POST',
      path: '/admin/alerts/run',
      operationId: 'startAlertRun',
      summary: 'Start an alert period now (operators; x-api-key)',
      tags: ['admin'],
      body: RunRequestSchema,
      responses: { '202': { description: 'The run was started; poll its status URL.' } },
      async handle({ headers, body }) {
        await requireApiKey(headers, deps.apiKey);
        const { tier, dryRun = false } = body as { tier: Tier; dryRun?: boolean };
        const runId = newRunId();
        await deps.startRun({ tier, dryRun, runId });
        return {
          status: 202,
          headers: { location: `/admin/runs/${runId}`, 'cache-control': 'no-store' },
          body: { runId, status: `/admin/runs/${runId}` },
        };
      },
    }),
    route({
      method: 'GET',
      path: '/admin/runs/{id}',
      operationId: 'getAlertRun',
      summary: "An alert run's counts (operators; x-api-key)",
      tags: ['admin'],
      pathParams: { id: { description: 'The run id.', schema: { type: 'string', pattern: '^[0-9a-f-]{36}$' } } },
      responses: { '200': { description: 'The run.', schema: { $ref: '#/components/schemas/RunView' } } },
      async handle({ headers, params }) {
        await requireApiKey(headers, deps.apiKey);
        const run = await deps.runs.get(params.id as string);
        if (run === null) throw notFound(`There is no run "${params.id}" (it may still be starting).`);
        return { status: 200, headers: { 'cache-control': 'no-store' }, body: runView(run) };
      },
    }),
  ];
}
