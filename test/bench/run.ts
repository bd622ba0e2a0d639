/**
 * `npm run bench`: every benchmark, one `name: value unit` line per figure, each beside a baseline
 * measured in the same run (machines differ; ratios within one run are what compare).
 * Figures are printed, not asserted: timing assertions are flaky on shared machines.
 */
// First: silences the handlers' logs before any of them is loaded.
import './quiet';
import { benchAlerts } from './alerts.bench';
import { benchBundles } from './bundles.bench';
import { benchJobs } from './jobs.bench';
import { benchLoad } from './load.bench';
import { benchMatch } from './match.bench';
import { benchPages } from './pages.bench';
import { benchParse } from './parse.bench';
import { benchSync } from './sync.bench';

const SUITES = { parse: benchParse, jobs: benchJobs, sync: benchSync, match: benchMatch, alerts: benchAlerts, pages: benchPages, bundles: benchBundles, load: benchLoad } as const;

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const [suite, run] of Object.entries(SUITES)) {
    if (only.length > 0 && !only.includes(suite)) continue;
    console.log(`# ${suite}`);
    for (const r of await run()) console.log(`${r.name}: ${r.value} ${r.unit}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
