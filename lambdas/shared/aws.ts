/**
 * The AWS clients of one function, built from explicit options: in Lambda the defaults (region and
 * credentials from the runtime), on the local stack the emulators' endpoints. Nothing here reads or
 * writes the environment, so two sets of clients (two local stacks) can live in one process.
 *
 * Only the DynamoDB client is made here. Every other client is made by the module that needs it
 * (shared/ses.ts, the composition roots in lambdas/app/) through `client()`, so a function bundles
 * and loads only the SDKs it uses (see README, "cold load").
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo';

/** How long a client waits for a service, and how often it tries. */
export interface ClientLimits {
  maxAttempts: number;
  /** Milliseconds to establish a connection. */
  connectionTimeout: number;
  /** Milliseconds a connection may stay silent (inactivity, not the total). */
  socketTimeout: number;
}

/**
 * Bounds on DynamoDB calls. Without them a DynamoDB that accepts connections and stops answering holds
 * a request until the function times out (the API then gives API Gateway's bare 5xx); with them the
 * call fails with a TimeoutError after at most `maxAttempts` × 1 s (plus backoff), which the API answers
 * as 503 with Retry-After. The socket bound is on inactivity, not the total: a large Query that keeps
 * streaming is not cut. (A timed-out write may still have landed, as after any network error the SDK
 * retries: the conditional writes of the stores are what keep such a retry harmless.)
 */
export const DYNAMO_CLIENT_LIMITS: ClientLimits = { maxAttempts: 3, connectionTimeout: 1_000, socketTimeout: 1_000 };

/**
 * Bounds on SES calls, for the same reason: a hung SES must not hold a sign-up or a sender until its
 * function times out. A timed-out send is retried by the SDK and then by our own retry paths; the
 * ledger keeps digests exactly-once either way (see README, "Exactly once").
 */
export const SES_CLIENT_LIMITS: ClientLimits = { maxAttempts: 3, connectionTimeout: 2_000, socketTimeout: 5_000 };

export interface ServiceClientLimits {
  dynamo: ClientLimits;
  ses: ClientLimits;
}

export const AWS_CLIENT_LIMITS: ServiceClientLimits = { dynamo: DYNAMO_CLIENT_LIMITS, ses: SES_CLIENT_LIMITS };

/**
 * The local stack's bounds. There dynalite and the SES emulator share one Node process (and often a
 * busy 2-core machine) with every handler, so an answer can wait seconds for the CPU: they are slow,
 * not down. AWS's 1 s would turn that wait into 503s the deployed API would not give; 3 × 8 s still
 * ends a real hang before API Gateway's 30 s.
 */
export const LOCAL_CLIENT_LIMITS: ServiceClientLimits = {
  dynamo: { maxAttempts: 3, connectionTimeout: 5_000, socketTimeout: 8_000 },
  ses: { maxAttempts: 3, connectionTimeout: 5_000, socketTimeout: 8_000 },
};

/** The services a careerwire function calls, by the SDK's endpoint id. */
export type AwsService = 'dynamodb' | 'sesv2' | 'lambda' | 'sqs' | 's3' | 'secretsmanager';

export interface AwsClientOptions {
  /** Absent: the runtime's (AWS_REGION in Lambda). */
  region?: string;
  /** Absent: the SDK's default chain (the function's role in Lambda). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Endpoints of emulators (the local stack); absent: AWS's. */
  endpoints?: Partial<Record<AwsService, string>>;
  /** Default AWS_CLIENT_LIMITS. */
  limits?: ServiceClientLimits;
  /** Wraps every client made (X-Ray subsegments in the functions that trace); default: none. */
  trace?: <T>(client: T) => T;
}

/** The configuration every SDK v3 client constructor accepts, for one service. */
export interface SdkClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
  requestHandler?: { connectionTimeout: number; socketTimeout: number };
}

export class AwsClients {
  /** One client per service: every part of a function shares it (and a test can observe it). */
  private readonly made = new Map<AwsService, unknown>();

  constructor(readonly options: AwsClientOptions = {}) {}

  /** The constructor options of `service`'s client; the DynamoDB and SES ones carry their limits. */
  configFor(service: AwsService): SdkClientConfig {
    const { region, credentials, endpoints, limits = AWS_CLIENT_LIMITS } = this.options;
    const bounds = service === 'dynamodb' ? limits.dynamo : service === 'sesv2' ? limits.ses : undefined;
    const endpoint = endpoints?.[service];
    return {
      ...(region !== undefined ? { region } : {}),
      ...(credentials !== undefined ? { credentials } : {}),
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(bounds !== undefined
        ? { maxAttempts: bounds.maxAttempts, requestHandler: { connectionTimeout: bounds.connectionTimeout, socketTimeout: bounds.socketTimeout } }
        : {}),
    };
  }

  /** `service`'s client, made (and traced) on the first call. `make` must build that service's client. */
  client<T extends object>(service: AwsService, make: (config: SdkClientConfig) => T): T {
    const existing = this.made.get(service);
    if (existing !== undefined) return existing as T;
    const client = this.trace(make(this.configFor(service)));
    this.made.set(service, client);
    return client;
  }

  /** Wraps a client this object did not make (a document client's base client is made here already). */
  trace<T>(client: T): T {
    return this.options.trace?.(client) ?? client;
  }

  private doc: DynamoDBDocumentClient | undefined;

  dynamo(): DynamoDBDocumentClient {
    this.doc ??= documentClient(this.client('dynamodb', (config) => new DynamoDBClient(config)));
    return this.doc;
  }
}

export const awsClients = (options: AwsClientOptions = {}): AwsClients => new AwsClients(options);
