/**
 * The one Lambda construct every careerwire function uses. It holds the defaults they all share and
 * nothing about what a function does:
 * - the newest Node.js runtime aws-cdk-lib offers, on arm64;
 * - esbuild bundling (minified, source maps, target = the runtime, AWS SDK v3 clients bundled so their
 *   versions are the ones in package-lock.json, not whatever the runtime ships);
 * - Powertools environment (service name, metrics namespace, log level) and JSON logs at the same level;
 * - X-Ray active tracing;
 * - its own log group with explicit retention, and its own role that may write only to that log group;
 * - `bindTable()`: exactly the DynamoDB operations a function issues, and the table-name environment
 *   variable, in one call;
 * - `serviceMetric()`: a metric the function emits through Powertools (its namespace and `service`);
 * - `deadLetters`: the dead-letter queue of its asynchronous invocations, and the alarm on it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel as EsbuildLogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmOnDeadLetters, type DeadLetterAlarmProps, deadLetterQueue } from './dead-letters';
import type { TableDefinition } from '../../lambdas/shared/tables';
import type { LogLevel } from '../config';
import { acknowledge } from '../nag';
import { REPO_ROOT } from '../paths';

/** The newest Node.js runtime in aws-cdk-lib 2.276 (a test fails when a newer one appears). */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
/** esbuild target matching NODE_RUNTIME ("nodejs24.x" -> "node24"). */
export const ESBUILD_TARGET = `node${/^nodejs(\d+)\.x$/.exec(NODE_RUNTIME.name)?.[1] ?? 'unknown'}`;

/**
 * How every function is bundled as ES modules, shared with the cold-load benchmark. ESM output
 * with the packages' ESM builds first lets esbuild drop the unused parts of the AWS SDK: bundles are a
 * quarter smaller and load ~30% faster than CommonJS (`npm run bench -- bundles`). The banner
 * defines `require` for the CommonJS packages still inside (the X-Ray SDK): esbuild leaves their
 * calls for Node's builtins to a `require` that ES modules otherwise lack.
 */
export const ESM_BUNDLING = {
  mainFields: ['module', 'main'],
  banner: "import { createRequire as __careerwireRequire } from 'node:module'; const require = __careerwireRequire(import.meta.url);",
} as const;

export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_TIMEOUT = Duration.seconds(10);
export const DEFAULT_METRICS_NAMESPACE = 'careerwire';

/** The DynamoDB operations careerwire's code issues (no Scan anywhere: every read is keyed). */
export const TABLE_ACTIONS = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'] as const;
export type TableAction = (typeof TABLE_ACTIONS)[number];
const WRITE_ACTIONS: readonly TableAction[] = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];

/** What a function does with one table: the operations on the table, and Query on its indexes if it reads them. */
export interface TableGrant {
  readonly table: readonly TableAction[];
  readonly indexes?: readonly 'Query'[];
}
/**
 * Use of a table's customer-managed key, through DynamoDB only (kms:ViaService): DynamoDB decrypts the
 * table key with the caller's permission on every read; writes also encrypt with it.
 */
export const KEY_READ_ACTIONS = ['kms:Decrypt'] as const;
export const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;

/** Variables the construct owns; callers cannot set them through `environment`. */
const RESERVED_ENVIRONMENT = [
  'NODE_OPTIONS',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_LOG_LEVEL',
] as const;

export interface CareerwireFunctionProps {
  /** Absolute path of the TypeScript entry file. */
  readonly entry: string;
  /** Exported handler name. @default 'handler' */
  readonly handler?: string;
  /** POWERTOOLS_SERVICE_NAME: lower-case, e.g. "careerwire-api". */
  readonly serviceName: string;
  readonly description?: string;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 'careerwire' */
  readonly metricsNamespace?: string;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** Removal policy of the log group. @default RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Extra environment; names the construct sets itself, and AWS_* names, are refused. */
  readonly environment?: Readonly<Record<string, string>>;
  /** A dead-letter queue for events of asynchronous invocations that failed every attempt, and its alarm. */
  readonly deadLetters?: FunctionDeadLetters;
  /** Retries of failed asynchronous invocations (0-2). @default Lambda's default (2) */
  readonly retryAttempts?: number;
  /** Oldest age of an asynchronous event before it is sent to the DLQ. @default Lambda's default (6 hours) */
  readonly maxEventAge?: Duration;
  /** @default no reserved concurrency */
  readonly reservedConcurrentExecutions?: number;
}

export interface FunctionDeadLetters {
  /**
   * First part of the queue's and the alarm's ids: `<name>DeadLetterQueue` and `<name>DeadLettersAlarm`.
   * Both are created beside the function, in its scope, not inside it: their logical IDs stay those of
   * the queues and alarms deployed before the construct made them (a new ID would replace the queue,
   * and the events in it with it). @default the function's id
   */
  readonly name?: string;
  /** Any message in the queue alarms. */
  readonly alarm: DeadLetterAlarmProps;
}

export class CareerwireFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** POWERTOOLS_SERVICE_NAME: the `service` dimension of every metric the function emits. */
  readonly serviceName: string;
  /** POWERTOOLS_METRICS_NAMESPACE. */
  readonly metricsNamespace: string;
  private readonly boundTables = new Set<string>();
  private readonly deadLetters: { readonly queue: sqs.Queue; readonly alarm: cloudwatch.Alarm } | undefined;

  constructor(scope: Construct, id: string, props: CareerwireFunctionProps) {
    super(scope, id);
    validateProps(this, props);
    const logLevel = props.logLevel ?? 'INFO';
    this.serviceName = props.serviceName;
    this.metricsNamespace = props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // An own role instead of the AWSLambdaBasicExecutionRole managed policy: the function may write
    // to its own log group and nothing else until a grant says otherwise.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.serviceName}`,
    });
    this.logGroup.grantWrite(this.role);

    const deadLetters = props.deadLetters;
    const deadLettersName = deadLetters?.name ?? id;
    const queue = deadLetters === undefined ? undefined : deadLetterQueue(scope, `${deadLettersName}DeadLetterQueue`);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout ?? DEFAULT_TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      tracing: lambda.Tracing.ACTIVE,
      deadLetterQueue: queue,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      awsSdkConnectionReuse: false,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: this.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: logLevel,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        target: ESBUILD_TARGET,
        format: OutputFormat.ESM,
        mainFields: [...ESM_BUNDLING.mainFields],
        banner: ESM_BUNDLING.banner,
        // Bundle everything, @aws-sdk/* included: the clients are pinned by package-lock.json.
        externalModules: [],
        tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
        logLevel: EsbuildLogLevel.WARNING,
      },
    });

    this.deadLetters =
      deadLetters === undefined || queue === undefined
        ? undefined
        : { queue, alarm: alarmOnDeadLetters(scope, `${deadLettersName}DeadLettersAlarm`, queue, deadLetters.alarm) };

    // `tracing: ACTIVE` adds xray:PutTraceSegments/PutTelemetryRecords on "*" to the role's default
    // policy. A test asserts that this X-Ray statement is the only "*" resource in every policy.
    acknowledge(
      this.role.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource "*".',
    );
  }

  /** The queue of `deadLetters`, for other senders of the function's failed events (rules, schedules, subscriptions). */
  get deadLetterQueue(): sqs.Queue {
    return this.requireDeadLetters().queue;
  }

  get deadLettersAlarm(): cloudwatch.Alarm {
    return this.requireDeadLetters().alarm;
  }

  private requireDeadLetters(): { readonly queue: sqs.Queue; readonly alarm: cloudwatch.Alarm } {
    if (this.deadLetters === undefined) throw new Error(`${this.node.path}: the function has no dead-letter queue (props.deadLetters)`);
    return this.deadLetters;
  }

  /**
   * A metric the function emits with Powertools (`metrics.addMetric(name, ...)`): in its namespace,
   * with the `service` dimension Powertools adds to every metric. Sum per 5 minutes unless `options`
   * says otherwise.
   */
  serviceMetric(metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.metricsNamespace,
      metricName,
      dimensionsMap: { service: this.serviceName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...options,
    });
  }

  /**
   * secretsmanager:GetSecretValue on one secret: what the functions call (grantRead would add
   * DescribeSecret, which none does).
   */
  grantSecretValue(secret: secretsmanager.ISecret): this {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    return this;
  }

  /**
   * Grants exactly the operations of `grant` on a table built from `definition` (the ones the
   * function's code issues: name each where it is bound) and sets the environment variable
   * `definition.envVar` to the table's name. Index Query is granted on the definition's indexes only.
   * A table with a customer-managed key adds kms:Decrypt (and, when the grant writes, kms:Encrypt and
   * kms:GenerateDataKey) on that key, through DynamoDB only.
   */
  bindTable(table: dynamodb.ITable, definition: TableDefinition, grant: TableGrant): this {
    const unknown = [...grant.table, ...(grant.indexes ?? [])].filter((a) => !(TABLE_ACTIONS as readonly string[]).includes(a));
    if (unknown.length > 0 || grant.table.length + (grant.indexes?.length ?? 0) === 0) {
      throw new Error(`${this.node.path}: bindTable of "${definition.id}" needs operations among ${TABLE_ACTIONS.join(', ')}; got ${JSON.stringify(grant)}`);
    }
    if ((grant.indexes?.length ?? 0) > 0 && definition.globalSecondaryIndexes.length === 0) {
      throw new Error(`${this.node.path}: table "${definition.id}" has no index to Query`);
    }
    if (!/^[A-Z][A-Z0-9_]*$/.test(definition.envVar)) {
      throw new Error(`${this.node.path}: table "${definition.id}" has an invalid envVar "${definition.envVar}"`);
    }
    if (this.boundTables.has(definition.envVar)) {
      throw new Error(
        `${this.node.path}: table "${definition.id}" is already bound (${definition.envVar}); bind each table once with every operation the function issues on it`,
      );
    }
    this.boundTables.add(definition.envVar);

    if (grant.table.length > 0) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: grant.table.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
      );
    }
    if ((grant.indexes?.length ?? 0) > 0) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: (grant.indexes ?? []).map((a) => `dynamodb:${a}`),
          resources: definition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
        }),
      );
    }
    const writes = grant.table.some((a) => WRITE_ACTIONS.includes(a));
    if (table.encryptionKey) {
      // Explicit actions on the one key rather than key.grant*(): no ReEncrypt*/GenerateDataKey*
      // wildcards, no statement added to the key policy (the key lives in another stack), and the key
      // is usable only through DynamoDB, not for encrypting or decrypting anything else.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: writes ? [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS] : [...KEY_READ_ACTIONS],
          resources: [table.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.${Aws.URL_SUFFIX}` } },
        }),
      );
    }
    this.function.addEnvironment(definition.envVar, table.tableName);
    return this;
  }
}

function validateProps(scope: Construct, props: CareerwireFunctionProps): void {
  const problems: string[] = [];
  if (!path.isAbsolute(props.entry)) problems.push(`entry must be an absolute path, got "${props.entry}"`);
  else if (!/\.ts$/.test(props.entry)) problems.push(`entry must be a .ts file, got "${props.entry}"`);
  else if (!fs.existsSync(props.entry)) problems.push(`entry "${props.entry}" does not exist`);
  if (props.handler !== undefined && !/^[A-Za-z_$][\w$]*$/.test(props.handler)) {
    problems.push(`handler must be an exported identifier, got "${props.handler}"`);
  }
  if (!/^[a-z][a-z0-9-]{0,63}$/.test(props.serviceName)) {
    problems.push(`serviceName must be lower-case letters, digits and "-", got "${props.serviceName}"`);
  }
  if (props.metricsNamespace !== undefined && !/^[A-Za-z0-9._/#:-]{1,255}$/.test(props.metricsNamespace)) {
    problems.push(`metricsNamespace is not a valid CloudWatch namespace: "${props.metricsNamespace}"`);
  }
  if (props.memorySize !== undefined && (!Number.isInteger(props.memorySize) || props.memorySize < 128 || props.memorySize > 10240)) {
    problems.push(`memorySize must be an integer from 128 to 10240 MB, got ${props.memorySize}`);
  }
  if (props.timeout !== undefined && (props.timeout.toSeconds() < 1 || props.timeout.toSeconds() > 900)) {
    problems.push(`timeout must be 1-900 seconds, got ${props.timeout.toSeconds()}`);
  }
  if (props.deadLetters?.name !== undefined && !/^[A-Z][A-Za-z0-9]{0,63}$/.test(props.deadLetters.name)) {
    problems.push(`deadLetters.name must be a PascalCase construct id prefix, got "${props.deadLetters.name}"`);
  }
  if (props.deadLetters !== undefined && props.deadLetters.alarm.description.trim() === '') {
    problems.push('deadLetters.alarm.description must say what waits in the queue');
  }
  if (props.retryAttempts !== undefined && (!Number.isInteger(props.retryAttempts) || props.retryAttempts < 0 || props.retryAttempts > 2)) {
    problems.push(`retryAttempts must be 0, 1 or 2, got ${props.retryAttempts}`);
  }
  if (props.reservedConcurrentExecutions !== undefined && (!Number.isInteger(props.reservedConcurrentExecutions) || props.reservedConcurrentExecutions < 1)) {
    problems.push(`reservedConcurrentExecutions must be a positive integer, got ${props.reservedConcurrentExecutions}`);
  }
  for (const name of Object.keys(props.environment ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) problems.push(`environment variable name "${name}" is invalid`);
    else if (name.startsWith('AWS_')) problems.push(`environment variable "${name}" is reserved by Lambda`);
    else if ((RESERVED_ENVIRONMENT as readonly string[]).includes(name)) {
      problems.push(`environment variable "${name}" is set by CareerwireFunction itself`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`${scope.node.path}: invalid CareerwireFunction props:\n  - ${problems.join('\n  - ')}`);
  }
}
