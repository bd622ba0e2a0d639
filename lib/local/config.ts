/**
 * The local stack's settings (the README, "The local stack"): every one has a working default,
 * so `npm start` on a fresh clone needs nothing set. The CLI reads the same ones, so a command run
 * beside `npm start` acts on that running stack.
 */
import { resolve } from 'node:path';
import { ENV, intEnv } from '../../lambdas/shared/env';

export interface LocalConfig {
  apiPort: number;
  dynamodbPort: number;
  sesPort: number;
  dataDir: string;
  region: string;
}

export const LOCAL_DEFAULTS = { apiPort: 3000, dynamodbPort: 8000, sesPort: 8005, dataDir: '.data' } as const;

export function localConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    apiPort: intEnv(ENV.apiPort, LOCAL_DEFAULTS.apiPort, env),
    dynamodbPort: intEnv(ENV.dynamodbPort, LOCAL_DEFAULTS.dynamodbPort, env),
    sesPort: intEnv(ENV.sesPort, LOCAL_DEFAULTS.sesPort, env),
    dataDir: resolve(env[ENV.dataDir] ?? LOCAL_DEFAULTS.dataDir),
    region: env.AWS_REGION ?? 'us-east-1',
  };
}

/**
 * Points the AWS SDK of this process at the local emulators. Handlers build their clients from the
 * environment exactly as in Lambda; only these variables differ.
 */
export function useLocalEndpoints(endpoints: { dynamodb: string; ses: string }, region: string): void {
  process.env.AWS_REGION = region;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
  process.env.AWS_ENDPOINT_URL_SESV2 = endpoints.ses;
  // The emulators accept any signature; the SDK still wants credentials to sign with.
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}
