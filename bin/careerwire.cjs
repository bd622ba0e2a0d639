#!/usr/bin/env node
// The `careerwire` bin: runs the TypeScript CLI through tsx, so no build step stands between an edit and a run.
// The SDK's "Node 22 from 2027" notice is said once in the README instead of on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The local stack prints a summary banner; handlers' INFO lines would bury it (POWERTOOLS_LOG_LEVEL=INFO shows them).
if (process.argv[2] === 'dev') process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// CloudWatch EMF metric lines mean nothing on a terminal and would break JSON printed on stdout.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// stdout holds only a command's result (JSON to pipe into jq); logs go to stderr. Powertools writes
// to a Console of its own on stdout unless POWERTOOLS_DEV is set, when it uses the global console,
// whose stdout methods are sent to stderr here (the CLI writes its results with process.stdout).
// Set whatever the environment says: POWERTOOLS_DEV=false would put log lines back into the result.
process.env.POWERTOOLS_DEV = 'true';
for (const method of ['log', 'info', 'debug', 'trace']) console[method] = console.error;
require('tsx/cjs');
require('./careerwire.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
