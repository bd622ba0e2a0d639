#!/usr/bin/env node
// The `careerwire` bin: runs the TypeScript CLI through tsx, so no build step stands between an edit and a run.
// The SDK's "Node 22 from 2027" notice is said once in the README instead of on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('./careerwire.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
