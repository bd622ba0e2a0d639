/**
 * Starts the real local stack (dynalite + SES emulator + API behind the local gateway) on free ports
 * with in-memory data, for integration tests. Fails fast, with the reason, if it cannot start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../lib/local/stack';

export interface TestStack extends LocalStack {
  dataDir: string;
}

export async function startTestStack(
  guidesDir?: string,
  extra: Pick<LocalStackOptions, 'jobFeeds' | 'adminApiKey' | 'signUpLimits'> = {},
): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'careerwire-test-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const stack = await startLocalStack({
    apiPort: 0,
    dynamodbPort: 0,
    sesPort: 0,
    dataDir,
    region: 'us-east-1',
    persist: false,
    schedule: false,
    adminApiKey: 'local-test-admin-key-0000',
    // None of the developer's overrides: links in emails point at this stack's own gateway, and every
    // setting is the local stack's default unless the test gives it.
    shell: {},
    ...extra,
    ...(guidesDir !== undefined ? { guidesDir } : {}),
  });
  return {
    ...stack,
    dataDir,
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
