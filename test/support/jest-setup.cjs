// Runs before each test file. The AWS SDK's "Node 22 from 2027" notice is documented in the README;
// repeated in every test file it would bury real warnings. Handlers log nothing unless a test asks.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// Property tests draw from the run's seed (jest-global-setup.cjs prints it; FUZZ_SEED replays it).
if (process.env.FUZZ_SEED !== undefined) {
  const fc = require('fast-check');
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(process.env.FUZZ_SEED) });
}
