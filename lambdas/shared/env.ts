/**
 * Environment variable names, and typed config read once per process that fails fast when a variable
 * is missing. CDK sets these on functions; the local stack sets them before loading the same handlers.
 */
export const ENV = {
  guidesTable: 'GUIDES_TABLE',
  contentBucket: 'CONTENT_BUCKET',
  /** Comma-separated feed URLs, each optionally `name=url` (job-sync, and the local stack). */
  jobFeeds: 'JOB_FEEDS',
  /** ARN of the Secrets Manager secret holding the admin API key (admin function in AWS). */
  adminApiKeySecretArn: 'ADMIN_API_KEY_SECRET_ARN',
  // Local stack (and CLI beside it): see DESIGN.md "Local stack environment".
  apiPort: 'API_PORT',
  dynamodbPort: 'DYNAMODB_PORT',
  sesPort: 'SES_PORT',
  dataDir: 'DATA_DIR',
  adminApiKey: 'ADMIN_API_KEY',
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(`missing required environment variable ${name}`);
  }
  return value;
}

export function intEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`environment variable ${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}
