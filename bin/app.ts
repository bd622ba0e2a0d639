#!/usr/bin/env node
/** The CDK app (cdk.json: `npx tsx bin/app.ts`). Configuration: lib/config.ts; stacks: lib/app.ts. */
import { ConfigValidationError } from '../lib/config';
import { createApp } from '../lib/app';

try {
  createApp();
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
