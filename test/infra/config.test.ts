import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { feedNameFromUrl, parseFeedList } from '../../lambdas/jobs/feed-list';
import { createApp } from '../../lib/app';
import { DIGEST_SCHEDULES } from '../../lambdas/shared/schedules';
import { CONTEXT_DEFAULTS, CONTEXT_KEYS, ConfigValidationError, digestSenders, jobFeedsValue, loadConfig, MAX_JOB_FEEDS_CHARS, STAGES_KEY } from '../../lib/config';
import { REPO_ROOT } from '../../lib/paths';
import { CDK_JSON_CONTEXT, FIXTURE_GUIDES, NO_BUNDLING_CONTEXT } from './support';

const source = (context: Record<string, unknown>) => ({ tryGetContext: (key: string) => context[key] });

describe('loadConfig', () => {
  it('falls back to the defaults for absent keys', () => {
    expect(loadConfig(source({}))).toEqual({
      stage: 'dev',
      production: false,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      logRetention: RetentionDays.ONE_MONTH,
      logLevel: 'INFO',
      apiThrottle: { rateLimit: 50, burstLimit: 100 },
      alarmEmail: undefined,
      jobFeeds: [],
      mail: { senderEmail: 'alerts@example.com', senderDomain: undefined, identityExists: false },
      publicBaseUrl: undefined,
      signUps: { perClientPerHour: 20, confirmationEmailsPerHour: 500 },
      digests: {
        timezone: 'UTC',
        sendEmptyTiers: [],
        sesMaxSendRate: 14,
        senderMaxConcurrency: 50,
        sesSandbox: false,
        senders: digestSenders(14),
      },
    });
  });

  it('digest schedules are not configured: both tiers hourly in UTC (lambdas/shared/schedules.ts); the retired cron keys are refused', () => {
    expect(DIGEST_SCHEDULES.plus).toMatchObject({ expression: 'cron(0 * * * ? *)', timezone: 'UTC' });
    expect(DIGEST_SCHEDULES.free).toMatchObject({ expression: 'cron(0 * * * ? *)', timezone: 'UTC' });
    expect(Object.keys(CONTEXT_DEFAULTS)).not.toContain('plusDigestCron');
    expect(() => loadConfig(source({ stages: { dev: { plusDigestCron: 'cron(0 7 * * ? *)', freeDigestCron: 'cron(0 7 ? * MON *)' } } }))).toThrow(
      /"stages.dev" has unknown key "plusDigestCron", "freeDigestCron"/,
    );
  });

  // The committed dev stage documents every key an operator can set, with its default.
  it('cdk.json: the default stage is dev, whose values are exactly the defaults of lib/config.ts', () => {
    expect(CDK_JSON_CONTEXT[CONTEXT_KEYS.stage]).toBe(CONTEXT_DEFAULTS.stage);
    const dev = (CDK_JSON_CONTEXT[STAGES_KEY] as Record<string, Record<string, unknown>>)[CONTEXT_DEFAULTS.stage];
    const { stage: _stage, ...stageDefaults } = CONTEXT_DEFAULTS;
    expect(dev).toEqual(stageDefaults);
  });

  it('cdk.json: no configuration key at the top level (a stage value there would apply to every stage)', () => {
    const topLevel = Object.values(CONTEXT_KEYS).filter((key) => key !== CONTEXT_KEYS.stage && key in CDK_JSON_CONTEXT);
    expect(topLevel).toEqual([]);
  });

  it('cdk.json: the prod stage is marked production and loads as such (`-c stage=prod` is the whole command)', () => {
    const config = loadConfig(source({ ...CDK_JSON_CONTEXT, stage: 'prod' }));
    expect(config.production).toBe(true);
    expect(config.alarmEmail).toMatch(/@/);
    expect(config.removalPolicy).toBe(RemovalPolicy.RETAIN);
  });

  it('accepts -c strings as well as JSON values', () => {
    const config = loadConfig(
      source({
        stage: 'prod',
        production: 'true',
        removalPolicy: 'RETAIN',
        logRetentionDays: '90',
        logLevel: 'debug',
        apiThrottleRateLimit: '200',
        apiThrottleBurstLimit: 400,
        alarmEmail: ' ops@example.com ',
        jobFeeds: ' remotive=https://remotive.example/api/remote-jobs ,https://jobs.example.org/feed.rss',
        senderEmail: ' digests@Mail.Careerwire.jobs ',
        senderDomain: 'MAIL.careerwire.jobs',
        publicBaseUrl: 'https://jobs.example.org/app/',
        sesMaxSendRate: '300',
        senderMaxConcurrency: '7',
        digestTimezone: 'europe/berlin',
        sendEmptyDigestTiers: ' plus, free ,plus',
        signUpsPerClientPerHour: '40',
        confirmationEmailsPerHour: 2_000,
      }),
    );
    expect(config).toEqual({
      stage: 'prod',
      production: true,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      logRetention: RetentionDays.THREE_MONTHS,
      logLevel: 'DEBUG',
      apiThrottle: { rateLimit: 200, burstLimit: 400 },
      alarmEmail: 'ops@example.com',
      jobFeeds: [
        { name: 'remotive', url: 'https://remotive.example/api/remote-jobs' },
        { name: feedNameFromUrl('https://jobs.example.org/feed.rss'), url: 'https://jobs.example.org/feed.rss' },
      ],
      mail: { senderEmail: 'digests@Mail.Careerwire.jobs', senderDomain: 'mail.careerwire.jobs', identityExists: false },
      publicBaseUrl: 'https://jobs.example.org/app',
      signUps: { perClientPerHour: 40, confirmationEmailsPerHour: 2_000 },
      digests: {
        timezone: 'Europe/Berlin',
        sendEmptyTiers: ['free', 'plus'],
        sesMaxSendRate: 300,
        senderMaxConcurrency: 7,
        sesSandbox: false,
        senders: digestSenders(300, 7),
      },
    });
  });

  it('senders are derived from the SES rate: 10% kept for transactional mail, Plus 75% of the rest, each tier at least 2 instances of at most 10/s', () => {
    expect(digestSenders(14)).toEqual({ transactionalRatePerSecond: 1.4000000000000001, plus: { concurrency: 2, ratePerSecond: 4.725 }, free: { concurrency: 2, ratePerSecond: 1.575 } });
    const at300 = digestSenders(300);
    expect(at300.plus).toEqual({ concurrency: 21, ratePerSecond: 9.642 });
    expect(at300.free).toEqual({ concurrency: 7, ratePerSecond: 9.642 });
    // Never more than the account's rate, the transactional share included.
    for (const rate of [1, 2, 14, 50, 300, 1000]) {
      const s = digestSenders(rate);
      expect(s.transactionalRatePerSecond + s.plus.concurrency * s.plus.ratePerSecond + s.free.concurrency * s.free.ratePerSecond).toBeLessThanOrEqual(rate + 1e-9);
    }
    // The rate the README quotes: a 1M Plus run fits its day (under 22 h of sending) at 20/s and above.
    const plusHours = (rate: number) => 1_000_000 / (digestSenders(rate).plus.concurrency * digestSenders(rate).plus.ratePerSecond) / 3_600;
    expect(plusHours(20)).toBeLessThan(22);
    expect(plusHours(300)).toBeLessThan(1.5);
  });

  it('sesSandbox: rate 1 is allowed and is the rate used, whatever sesMaxSendRate says', () => {
    const sandbox = loadConfig(source({ sesSandbox: true, sesMaxSendRate: 14 })).digests;
    expect(sandbox.sesSandbox).toBe(true);
    expect(sandbox.senders).toEqual(digestSenders(1));
    expect(loadConfig(source({ sesMaxSendRate: 1 })).digests.senders.plus.concurrency).toBe(2);
  });

  it('jobFeeds: the canonical JOB_FEEDS value names every feed and parses back to the same list (the function\'s parser)', () => {
    const { jobFeeds } = loadConfig(source({ jobFeeds: 'https://a.example/jobs.json, b=http://b.example/rss' }));
    const value = jobFeedsValue(jobFeeds);
    expect(value).toBe(`${feedNameFromUrl('https://a.example/jobs.json')}=https://a.example/jobs.json,b=http://b.example/rss`);
    expect(parseFeedList(value)).toEqual(jobFeeds);
    expect(jobFeedsValue([])).toBe('');
  });

  it('a stage\'s committed values apply to it alone; -c wins over them; absent keys take the defaults', () => {
    const stages = { dev: { logLevel: 'DEBUG' }, live: { production: true, alarmEmail: 'ops@careerwire.com', senderEmail: 'a@careerwire.com', logLevel: 'WARN' } };
    expect(loadConfig(source({ stages })).logLevel).toBe('DEBUG');
    const live = loadConfig(source({ stages, stage: 'live' }));
    expect([live.production, live.logLevel, live.alarmEmail, live.apiThrottle.rateLimit]).toEqual([true, 'WARN', 'ops@careerwire.com', 50]);
    expect(loadConfig(source({ stages, stage: 'live', logLevel: 'error' })).logLevel).toBe('ERROR');
  });

  it('protection follows the production property, not the name: a stage called prod without it is not protected', () => {
    expect(loadConfig(source({ stage: 'prod', removalPolicy: 'destroy' })).production).toBe(false);
  });

  it('removalPolicy=destroy turns deletion protection off', () => {
    const config = loadConfig(source({ removalPolicy: 'destroy' }));
    expect(config.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(config.deletionProtection).toBe(false);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an upper-case stage', { stage: 'Dev' }, /"stage" must be 1-20 characters/],
    ['a stage with a space', { stage: 'my stage' }, /"stage" must be/],
    ['an unknown removal policy', { removalPolicy: 'snapshot' }, /"removalPolicy" must be one of retain, destroy; got "snapshot"/],
    ['destroy on a production stage', { stage: 'live', production: true, removalPolicy: 'destroy', alarmEmail: 'ops@careerwire.com' }, /cannot be "destroy" for stage "live": it is marked production/],
    ['a production flag that is not a boolean', { production: 'yes' }, /"production" must be true or false; got "yes"/],
    ['a production stage without alarmEmail', { stage: 'live', production: true, senderEmail: 'a@careerwire.com' }, /"alarmEmail" is required for stage "live": it is marked production/],
    ['a retention CloudWatch does not offer', { logRetentionDays: 31 }, /"logRetentionDays" must be one of the CloudWatch Logs retention periods .*got 31/],
    ['a non-numeric retention', { logRetentionDays: 'month' }, /"logRetentionDays" .*got "month"/],
    ['an unknown log level', { logLevel: 'TRACE' }, /"logLevel" must be one of DEBUG, INFO, WARN, ERROR; got "TRACE"/],
    ['a zero rate limit', { apiThrottleRateLimit: 0 }, /"apiThrottleRateLimit" must be an integer from 1 to 10000/],
    ['a fractional burst limit', { apiThrottleBurstLimit: '2.5' }, /"apiThrottleBurstLimit" must be an integer/],
    ['a burst above the account limit', { apiThrottleBurstLimit: 6000 }, /"apiThrottleBurstLimit" must be an integer from 1 to 5000/],
    ['an alarm email without a domain', { alarmEmail: 'ops' }, /"alarmEmail" must be an email address or empty; got "ops"/],
    ['an ftp feed', { jobFeeds: 'ftp://x' }, /"jobFeeds" must be comma-separated http\(s\) feed URLs.*"ftp:\/\/x\/?" is not http\(s\).*; got "ftp:\/\/x"/],
    ['a feed that is not a URL', { jobFeeds: 'board=jobs.example.org' }, /"jobFeeds" .*"jobs.example.org" is not a URL/],
    ['a javascript: feed among good ones', { jobFeeds: 'https://a.example/feed,javascript:alert(1)' }, /"jobFeeds" .*is not http\(s\)/],
    ['a feed name used twice', { jobFeeds: 'a=https://a.example/1,a=https://a.example/2' }, /"jobFeeds" .*feed name "a" is used twice/],
    ['an invalid feed name', { jobFeeds: 'My Feed=https://a.example/1' }, /"jobFeeds" .*bad feed name "My Feed"/],
    ['credentials in a feed URL', { jobFeeds: 'a=https://user:pw@a.example/1' }, /"jobFeeds" .*feed "a" has credentials in its URL/],
    ['a list of commas only', { jobFeeds: ' , ,' }, /"jobFeeds" .*no feed in the list/],
    ['a list too long for a Lambda environment', { jobFeeds: `a=https://a.example/${'x'.repeat(MAX_JOB_FEEDS_CHARS)}` }, /"jobFeeds" .*more than the 2048/],
    ['a non-string feed list', { jobFeeds: ['https://a.example/1'] }, /"jobFeeds" must be a string/],
    ['an empty sender', { senderEmail: '' }, /"senderEmail" must be the email address digests are sent from.*got ""/],
    ['a sender with a display name', { senderEmail: 'Careerwire <alerts@example.com>' }, /"senderEmail" must be the email address/],
    ['a sender without a dot in its domain', { senderEmail: 'alerts@localhost' }, /"senderEmail" must be the email address/],
    ['a sender domain with a scheme', { senderDomain: 'https://example.org' }, /"senderDomain" must be a domain name .*got "https:\/\/example.org"/],
    ['a sender outside the sender domain', { senderDomain: 'mail.example.org', senderEmail: 'alerts@example.org' }, /"senderEmail" must be an address at the "senderDomain" "mail.example.org"/],
    ['the placeholder sender for a production stage', { stage: 'prod', production: true }, /"senderEmail" must be a real address for stage "prod" \(marked production\): "alerts@example.com" is at a reserved domain/],
    ['a .test sender for production', { stage: 'live', production: 'true', senderEmail: 'a@mail.test' }, /"senderEmail" must be a real address for stage "live"/],
    ['a stage cdk.json does not define', { stage: 'prd', stages: { dev: {}, prod: {} } }, /"stage" is "prd", which cdk.json does not define \(stages: dev, prod\)/],
    ['a typo in a stage\'s values', { stages: { dev: { alarmEmial: 'a@b.c' } } }, /"stages.dev" has unknown key "alarmEmial"/],
    ['a stage that is not an object', { stages: { dev: 'prod' } }, /"stages.dev" must be an object/],
    ['stages that are not an object', { stages: ['dev'] }, /"stages" must be an object of stages by name/],
    ['a bad stage name in stages', { stages: { dev: {}, Prod: {} } }, /"stages" names a stage "Prod"/],
    ['an http base URL', { publicBaseUrl: 'http://jobs.example.org' }, /"publicBaseUrl" must be https; got "http:\/\/jobs.example.org"/],
    ['a relative base URL', { publicBaseUrl: '/jobs' }, /"publicBaseUrl" must be an absolute https URL/],
    ['a base URL with a query', { publicBaseUrl: 'https://jobs.example.org/?a=1' }, /"publicBaseUrl" must not have a query/],
    ['a zero SES rate', { sesMaxSendRate: 0 }, /"sesMaxSendRate" must be the account's SES sending rate, an integer from 1/],
    ['a fractional SES rate', { sesMaxSendRate: '13.5' }, /"sesMaxSendRate" must be/],
    ['a sender concurrency of 1', { senderMaxConcurrency: 1 }, /"senderMaxConcurrency" must be an integer from 2 to 1000/],
    ['an unknown time zone', { digestTimezone: 'Mars/Olympus' }, /"digestTimezone" must be an IANA time zone name .*got "Mars\/Olympus"/],
    ['an offset instead of a zone', { digestTimezone: '+01:00' }, /"digestTimezone" must be an IANA time zone name/],
    ['an unknown tier to send empty digests to', { sendEmptyDigestTiers: 'plus,gold' }, /"sendEmptyDigestTiers" .*unknown tier "gold"/],
    ['a non-string tier list', { sendEmptyDigestTiers: ['plus'] }, /"sendEmptyDigestTiers" must be a comma-separated list of tiers/],
    ['no sign-ups per client at all', { signUpsPerClientPerHour: 0 }, /"signUpsPerClientPerHour" must be an integer from 1 to 10000 .*got 0/],
    ['a fractional sign-up limit', { signUpsPerClientPerHour: '2.5' }, /"signUpsPerClientPerHour" must be an integer/],
    ['an unbounded ceiling', { confirmationEmailsPerHour: 5_000_000 }, /"confirmationEmailsPerHour" must be an integer from 1 to 1000000 .*got 5000000/],
  ])('refuses %s with a message naming the key and value', (_what, context, message) => {
    expect(() => loadConfig(source(context))).toThrow(ConfigValidationError);
    expect(() => loadConfig(source(context))).toThrow(message);
  });

  it('reports every problem at once', () => {
    expect(() => loadConfig(source({ stage: '', logLevel: 'LOUD', apiThrottleRateLimit: -1 }))).toThrow(
      /invalid careerwire configuration:\n {2}- context "stage".*\n {2}- context "logLevel".*\n {2}- context "apiThrottleRateLimit"/,
    );
  });

  const problemsOf = (context: Record<string, unknown>) => {
    try {
      loadConfig(source(context));
    } catch (error) {
      if (error instanceof ConfigValidationError) return error.problems;
      throw error;
    }
    throw new Error('loadConfig accepted the context');
  };

  it('reports two independent mistakes of one stage together, each at the path it was committed at', () => {
    const stages = { dev: {}, prod: { production: true, alarmEmail: 'oncall', senderEmail: 'alerts@careerwire.com', logRetentionDays: 31 } };
    expect(problemsOf({ stages, stage: 'prod' })).toEqual([
      { path: 'stages.prod.logRetentionDays', message: expect.stringMatching(/^must be one of the CloudWatch Logs retention periods .*; got 31$/) },
      { path: 'stages.prod.alarmEmail', message: 'must be an email address or empty; got "oncall"' },
    ]);
  });

  it('collects the rules between keys with the rest: a -c value, a committed one and two production rules in one error', () => {
    const stages = { live: { production: true, removalPolicy: 'destroy', apiThrottleRateLimit: 0 } };
    expect(problemsOf({ stages, stage: 'live', logLevel: 'LOUD' }).map((problem) => problem.path)).toEqual([
      'logLevel',
      'stages.live.apiThrottleRateLimit',
      'stages.live.removalPolicy',
      'alarmEmail',
      'senderEmail',
    ]);
  });
});

describe('createApp per stage', () => {
  const stacksOf = (built: ReturnType<typeof createApp>) => [built.data, built.ingest, built.jobs, built.mail, built.alerts, built.api, built.ops];

  it('a stage marked production gets termination protection on every stack; dev on none', () => {
    const prod = createApp({ context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING_CONTEXT, stage: 'prod' }, guidesSource: FIXTURE_GUIDES });
    expect(stacksOf(prod).map((stack) => [stack.stackName, stack.terminationProtection])).toEqual(
      stacksOf(prod).map(() => [expect.stringMatching(/^careerwire-prod-/), true]),
    );
    const dev = createApp({ context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING_CONTEXT }, guidesSource: FIXTURE_GUIDES });
    expect(stacksOf(dev).map((stack) => stack.terminationProtection)).toEqual(stacksOf(dev).map(() => false));
  });

  it('a production stage without alarmEmail fails before any stack is built', () => {
    const stages = { ...(CDK_JSON_CONTEXT[STAGES_KEY] as object), live: { production: true, senderEmail: 'alerts@careerwire.com' } };
    expect(() => createApp({ context: { ...CDK_JSON_CONTEXT, stages, stage: 'live' } })).toThrow(/"alarmEmail" is required for stage "live"/);
  });
});

describe('createApp with invalid context', () => {
  it('fails before any stack is built', () => {
    expect(() => createApp({ context: { ...CDK_JSON_CONTEXT, logRetentionDays: 'forever' } })).toThrow(ConfigValidationError);
  });

  it('refuses jobFeeds=ftp://x before any stack is built', () => {
    expect(() => createApp({ context: { ...CDK_JSON_CONTEXT, jobFeeds: 'ftp://x' } })).toThrow(/context "jobFeeds" .*is not http\(s\)/);
  });

  it('bin/app.ts (what `cdk synth -c jobFeeds=ftp://x` runs) prints the problem and exits 1, writing no template', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerwire-bad-context-'));
    try {
      const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/app.ts'], {
        cwd: REPO_ROOT,
        // How the CDK CLI hands context and the output folder to the app.
        env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, jobFeeds: 'ftp://x' }), CDK_OUTDIR: outdir },
        encoding: 'utf8',
        // Bounds a hang (synth takes seconds; far more on a starved machine).
        timeout: 120_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/invalid careerwire configuration:\n {2}- context "jobFeeds" .*"ftp:\/\/x\/?" is not http\(s\)/);
      expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/); // a message, not a stack trace
      expect(fs.readdirSync(outdir).filter((name) => name.endsWith('.template.json'))).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 150_000);
});
