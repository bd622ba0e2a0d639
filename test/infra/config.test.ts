import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { createApp } from '../../lib/app';
import { CONTEXT_DEFAULTS, CONTEXT_KEYS, ConfigValidationError, loadConfig } from '../../lib/config';
import { CDK_JSON_CONTEXT } from './support';

const source = (context: Record<string, unknown>) => ({ tryGetContext: (key: string) => context[key] });

describe('loadConfig', () => {
  it('falls back to the defaults for absent keys', () => {
    expect(loadConfig(source({}))).toEqual({
      stage: 'dev',
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      logRetention: RetentionDays.ONE_MONTH,
      logLevel: 'INFO',
      apiThrottle: { rateLimit: 50, burstLimit: 100 },
      alarmEmail: undefined,
    });
  });

  it('cdk.json repeats exactly the defaults of lib/config.ts', () => {
    for (const key of Object.values(CONTEXT_KEYS)) {
      expect({ key, value: CDK_JSON_CONTEXT[key] }).toEqual({ key, value: CONTEXT_DEFAULTS[key] });
    }
  });

  it('accepts -c strings as well as JSON values', () => {
    const config = loadConfig(
      source({
        stage: 'prod',
        removalPolicy: 'RETAIN',
        logRetentionDays: '90',
        logLevel: 'debug',
        apiThrottleRateLimit: '200',
        apiThrottleBurstLimit: 400,
        alarmEmail: ' ops@example.com ',
      }),
    );
    expect(config).toEqual({
      stage: 'prod',
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      logRetention: RetentionDays.THREE_MONTHS,
      logLevel: 'DEBUG',
      apiThrottle: { rateLimit: 200, burstLimit: 400 },
      alarmEmail: 'ops@example.com',
    });
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
    ['destroy on prod', { stage: 'prod', removalPolicy: 'destroy' }, /cannot be "destroy" for stage "prod"/],
    ['a retention CloudWatch does not offer', { logRetentionDays: 31 }, /"logRetentionDays" must be one of the CloudWatch Logs retention periods .*got 31/],
    ['a non-numeric retention', { logRetentionDays: 'month' }, /"logRetentionDays" .*got "month"/],
    ['an unknown log level', { logLevel: 'TRACE' }, /"logLevel" must be one of DEBUG, INFO, WARN, ERROR; got "TRACE"/],
    ['a zero rate limit', { apiThrottleRateLimit: 0 }, /"apiThrottleRateLimit" must be an integer from 1 to 10000/],
    ['a fractional burst limit', { apiThrottleBurstLimit: '2.5' }, /"apiThrottleBurstLimit" must be an integer/],
    ['a burst above the account limit', { apiThrottleBurstLimit: 6000 }, /"apiThrottleBurstLimit" must be an integer from 1 to 5000/],
    ['an alarm email without a domain', { alarmEmail: 'ops' }, /"alarmEmail" must be an email address or empty; got "ops"/],
  ])('refuses %s with a message naming the key and value', (_what, context, message) => {
    expect(() => loadConfig(source(context))).toThrow(ConfigValidationError);
    expect(() => loadConfig(source(context))).toThrow(message);
  });

  it('reports every problem at once', () => {
    expect(() => loadConfig(source({ stage: '', logLevel: 'LOUD', apiThrottleRateLimit: -1 }))).toThrow(
      /invalid careerwire configuration:\n {2}- context "stage".*\n {2}- context "logLevel".*\n {2}- context "apiThrottleRateLimit"/,
    );
  });
});

describe('createApp with invalid context', () => {
  it('fails before any stack is built', () => {
    expect(() => createApp({ context: { ...CDK_JSON_CONTEXT, logRetentionDays: 'forever' } })).toThrow(ConfigValidationError);
  });
});
