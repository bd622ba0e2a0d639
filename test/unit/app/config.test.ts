/** Each function's configuration, read in one place: every missing or bad variable reported at once. */
import {
  LOCAL_SENDER,
  readAdminConfig,
  readApiConfig,
  readDigestPlannerConfig,
  readDigestSenderConfig,
  readFeedbackConfig,
  readIngestConfig,
  readJobSyncConfig,
  readSubscriptionsConfig,
} from '../../../lambdas/app/config';
import { ConfigError } from '../../../lambdas/shared/env';
import { TABLE_ENV as TABLES } from '../../support/table-env';

function problemsOf(read: () => unknown): readonly string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('read without a ConfigError');
}

it('api: only what guides, jobs, the site and page cursors need (no subscriber tables, no mail settings)', () => {
  expect(problemsOf(() => readApiConfig({}))).toEqual(
    ['GUIDES_TABLE', 'JOBS_TABLE', 'TOKEN_SECRET_ARN', 'PUBLIC_BASE_URL'].map((name) => `missing required environment variable ${name}`),
  );
  expect(readApiConfig({ ...TABLES, TOKEN_SECRET_ARN: 'arn:tokens', PUBLIC_BASE_URL: 'https://api.careerwire.example/' })).toEqual({
    tables: { guides: 'guides-t', jobs: 'jobs-t' },
    tokenKeys: { secretId: 'arn:tokens' },
    publicBaseUrl: 'https://api.careerwire.example',
  });
});

it('subscriptions: an empty environment names every required variable in one error', () => {
  expect(() => readSubscriptionsConfig({})).toThrow(ConfigError);
  expect(problemsOf(() => readSubscriptionsConfig({}))).toEqual(
    ['GUIDES_TABLE', 'JOBS_TABLE', 'SUBSCRIBERS_TABLE', 'DELIVERIES_TABLE', 'SUPPRESSIONS_TABLE', 'RATE_LIMITS_TABLE', 'TOKEN_SECRET_ARN', 'PUBLIC_BASE_URL', 'SENDER_EMAIL'].map(
      (name) => `missing required environment variable ${name}`,
    ),
  );
});

it('subscriptions: bad values and missing ones come together, each naming its variable', () => {
  const problems = problemsOf(() =>
    readSubscriptionsConfig({ ...TABLES, JOBS_TABLE: ' ', TOKEN_SECRET_ARN: 'arn', PUBLIC_BASE_URL: 'http://api.careerwire.example', SENDER_EMAIL: 'a@b.example', SIGN_UPS_PER_CLIENT_PER_HOUR: '-1' }),
  );
  expect(problems).toHaveLength(3);
  expect(problems[0]).toBe('missing required environment variable JOBS_TABLE');
  expect(problems[1]).toBe('PUBLIC_BASE_URL must be https (http only for localhost)');
  expect(problems[2]).toMatch(/SIGN_UPS_PER_CLIENT_PER_HOUR must be a non-negative integer, got "-1"/);
});

it('subscriptions: a complete environment, with the limits defaulted and the local key file preferred', () => {
  const env = { ...TABLES, TOKEN_SECRET_ARN: 'arn:tokens', PUBLIC_BASE_URL: 'https://api.careerwire.example/', SENDER_EMAIL: 'alerts@careerwire.example' };
  const config = readSubscriptionsConfig(env);
  expect(config).toMatchObject({
    tables: { guides: 'guides-t', rateLimits: 'rate-limits-t' },
    tokenKeys: { secretId: 'arn:tokens' },
    publicBaseUrl: 'https://api.careerwire.example',
    mail: { from: 'alerts@careerwire.example' },
  });
  expect(config.mail).not.toHaveProperty('configurationSet');
  expect(config.signUpLimits.perClient).toBeGreaterThan(0);
  expect(readSubscriptionsConfig({ ...env, TOKEN_KEYS_FILE: '/data/token-keys.json', SES_CONFIGURATION_SET: 'cs' })).toMatchObject({
    tokenKeys: { file: '/data/token-keys.json' },
    mail: { configurationSet: 'cs' },
  });
});

it('admin: the local key wins over the secret; without either, the secret is what is missing', () => {
  const env = { ...TABLES, PLANNER_FUNCTION_NAME: 'planner' };
  expect(readAdminConfig({ ...env, ADMIN_API_KEY: 'local-key', ADMIN_API_KEY_SECRET_ARN: 'arn' }).adminKey).toEqual({ value: 'local-key' });
  expect(readAdminConfig({ ...env, ADMIN_API_KEY_SECRET_ARN: 'arn' }).adminKey).toEqual({ secretId: 'arn' });
  expect(problemsOf(() => readAdminConfig({ GUIDES_TABLE: 'g' }))).toEqual(
    ['JOBS_TABLE', 'RUNS_TABLE', 'SUBSCRIBERS_TABLE', 'ADMIN_API_KEY_SECRET_ARN', 'PLANNER_FUNCTION_NAME'].map((name) => `missing required environment variable ${name}`),
  );
});

it('planner and sender: the alert settings are checked together with the rest', () => {
  const env = { ...TABLES, PUBLIC_BASE_URL: 'https://x.example', TOKEN_SECRET_ARN: 'arn', DIGEST_TIMEZONE: 'Mars/Olympus', SEND_EMPTY_DIGEST_TIERS: 'plus,gold', SEND_RATE_PER_SECOND: 'plus=1' };
  const problems = problemsOf(() => readDigestSenderConfig(env));
  expect(problems).toEqual([
    'DIGEST_TIMEZONE is not an IANA time zone: "Mars/Olympus"',
    'SEND_EMPTY_DIGEST_TIERS: unknown tier "gold"',
    'SEND_RATE_PER_SECOND: send rates must name both tiers, got "plus=1"',
  ]);
  expect(problemsOf(() => readDigestPlannerConfig({ ...env, SEND_RATE_PER_SECOND: '' }))).toEqual([
    'DIGEST_TIMEZONE is not an IANA time zone: "Mars/Olympus"',
    'SEND_EMPTY_DIGEST_TIERS: unknown tier "gold"',
    'missing required environment variable PLUS_DIGEST_QUEUE_URL',
    'missing required environment variable FREE_DIGEST_QUEUE_URL',
    'missing required environment variable AWS_LAMBDA_FUNCTION_NAME',
  ]);
});

it('sender: defaults for what the stack may leave unset', () => {
  const config = readDigestSenderConfig({ ...TABLES, PUBLIC_BASE_URL: 'https://x.example', TOKEN_SECRET_ARN: 'arn' });
  expect(config.mail).toEqual({ from: LOCAL_SENDER });
  expect(config.sendRates).toEqual({ plus: 14, free: 14 });
  expect(config.alerts).toEqual({ timezone: 'UTC', sendEmpty: {}, baseUrl: 'https://x.example', upgradeUrl: 'https://x.example/plus' });
});

it('feedback, ingest and job-sync read what they need, and only that', () => {
  expect(readFeedbackConfig(TABLES)).toEqual({ tables: { subscribers: 'subscribers-t', suppressions: 'suppressions-t' } });
  expect(problemsOf(() => readIngestConfig({}))).toEqual(['missing required environment variable GUIDES_TABLE', 'missing required environment variable CONTENT_BUCKET']);
  expect(readJobSyncConfig(TABLES)).toMatchObject({ feeds: [], redirectsAllow: [] });
  const problems = problemsOf(() => readJobSyncConfig({ ...TABLES, JOB_FEEDS: 'not a url', JOB_FEED_REDIRECTS_ALLOW: 'loopback,moon' }));
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/^JOB_FEEDS: "not a url" is not a URL/);
  expect(problems[1]).toMatch(/^JOB_FEED_REDIRECTS_ALLOW: unknown address class "moon"/);
});
