#!/usr/bin/env node
// The `careerwire` bin: runs the TypeScript CLI through tsx, so no build step stands between an edit and a run.
require('tsx/cjs');
require('./careerwire.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
