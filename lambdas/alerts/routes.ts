/** Operators' alert routes: start a run now, and read a run's counts. */
import { requireApiKey, type KeyProvider } from '../http/api-key';
import { notFound } from '../http/problems';
import { bind, routeSpec, type Route } from '../http/router';
import { StringEnum, StringMap, Type, type Static } from '../http/schema';
import { TIERS, type Tier } from '../subscriptions/subscriber';
import { newRunId, type RunRecord, type RunStore } from './runs';

export interface AlertRouteDependencies {
  runs: RunStore;
  /** Starts the planner for a run without waiting for it (Lambda async invoke in AWS). */
  startRun: (request: { tier: Tier; dryRun: boolean; runId: string; allZones: boolean }) => Promise<void>;
  apiKey: KeyProvider;
}

const RunRequestSchema = Type.Object(
  {
    tier: StringEnum(TIERS),
    dryRun: Type.Optional(Type.Boolean({ description: 'Plan and match, count what would be sent, send nothing.' })),
    allZones: Type.Optional(
      Type.Boolean({ description: "Every zone's subscribers at once, each in their own local period (default: the zones whose local time is now the delivery hour)." }),
    ),
  },
  { additionalProperties: false },
);

export const RunStartedSchema = Type.Object(
  { runId: Type.String(), status: Type.String({ description: "The run's status URL (also in Location)." }) },
  { additionalProperties: false },
);

const counts = StringMap(Type.Integer());

export const RunViewSchema = Type.Object(
  {
    runId: Type.String(),
    tier: StringEnum(TIERS),
    period: Type.String(),
    cutoff: Type.String({ format: 'date-time' }),
    dryRun: Type.Boolean(),
    status: StringEnum(['planning', 'planned']),
    createdAt: Type.String({ format: 'date-time' }),
    candidateJobs: Type.Integer(),
    planned: Type.Integer(),
    messages: Type.Integer({ description: 'Emails planned (a subscriber may get none when no job matches).' }),
    sent: Type.Integer(),
    skipped: counts,
    failed: counts,
  },
  { additionalProperties: false },
);

export type RunView = Static<typeof RunViewSchema>;

const count = (c: Record<string, number>, prefix: string) =>
  Object.fromEntries(Object.entries(c).filter(([k]) => k.startsWith(prefix)).map(([k, n]) => [k.slice(prefix.length), n]));

/** A run as operators read it: sent, and skipped/failed by reason. */
export function runView(run: RunRecord): RunView {
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

export const alertSchemas = { RunView: RunViewSchema, RunStarted: RunStartedSchema };

const startRunSpec = routeSpec({
  method: 'POST',
  path: '/admin/alerts/run',
  operationId: 'startAlertRun',
  summary: 'Start an alert period now (operators; x-api-key)',
  tags: ['admin'],
  body: RunRequestSchema,
  responses: { '202': { description: 'The run was started; poll its status URL.', schema: RunStartedSchema } },
});

const getRunSpec = routeSpec({
  method: 'GET',
  path: '/admin/runs/{id}',
  operationId: 'getAlertRun',
  summary: "An alert run's counts (operators; x-api-key)",
  tags: ['admin'],
  pathParams: Type.Object({ id: Type.String({ description: 'The run id.', pattern: '^[0-9a-f-]{36}$' }) }),
  responses: { '200': { description: 'The run.', schema: RunViewSchema } },
});

/** The alert routes' specs: what OpenAPI documents where the routes are not served. */
export const alertSpecs = [startRunSpec, getRunSpec];

export function alertRoutes(deps: AlertRouteDependencies): Route[] {
  return [
    bind(startRunSpec, async ({ headers, body }) => {
      await requireApiKey(headers, deps.apiKey);
      const { tier, dryRun = false, allZones = false } = body;
      const runId = newRunId();
      await deps.startRun({ tier, dryRun, runId, allZones });
      return {
        status: 202,
        headers: { location: `/admin/runs/${runId}`, 'cache-control': 'no-store' },
        body: { runId, status: `/admin/runs/${runId}` },
      };
    }),
    bind(getRunSpec, async ({ headers, params }) => {
      await requireApiKey(headers, deps.apiKey);
      const run = await deps.runs.get(params.id);
      if (run === null) throw notFound(`There is no run "${params.id}" (it may still be starting).`);
      return { status: 200, headers: { 'cache-control': 'no-store' }, body: runView(run) };
    }),
  ];
}
