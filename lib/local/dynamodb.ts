/** dynalite (a DynamoDB-compatible server on LevelDB) and table creation from the shared definitions. */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { IndexDefinition, TableDefinition } from '../../lambdas/shared/tables';

export interface RunningDynamo {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** Starts dynalite. `path` keeps data on disk between runs; without it, data lives in memory. */
export async function startDynalite(port: number, path?: string): Promise<RunningDynamo> {
  if (path !== undefined) mkdirSync(path, { recursive: true });
  const server = (dynalite as (options: object) => Server)({
    path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () => closeDynalite(server),
  };
}

/**
 * dynalite closes its database once its HTTP server has closed; a request still being served then
 * meets a closed database, and dynalite leaves that rejection unhandled (the process dies). So:
 * stop accepting, let requests in flight finish (closing each connection once idle), and only then
 * let the database close; connections still busy after `graceMs` are cut.
 */
async function closeDynalite(server: Server, graceMs = 2_000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => server.closeIdleConnections(), 10);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  server.closeIdleConnections();
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, string>();
  const key = (k: { name: string; type: string }) => attributes.set(k.name, k.type);
  key(definition.partitionKey);
  if (definition.sortKey) key(definition.sortKey);
  const index = (gsi: IndexDefinition) => {
    key(gsi.partitionKey);
    if (gsi.sortKey) key(gsi.sortKey);
    const projection =
      gsi.projection === 'ALL' || gsi.projection === 'KEYS_ONLY'
        ? { ProjectionType: gsi.projection }
        : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...gsi.projection] };
    return {
      IndexName: gsi.indexName,
      KeySchema: [
        { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' as const },
        ...(gsi.sortKey ? [{ AttributeName: gsi.sortKey.name, KeyType: 'RANGE' as const }] : []),
      ],
      Projection: projection,
    };
  };
  const indexes = definition.globalSecondaryIndexes.map(index);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType: AttributeType as 'S' | 'N',
    })),
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
}

/** Creates each table unless it exists (a second start reuses the data). TTL is CDK-only: reads filter. */
export async function ensureTables(
  client: DynamoDBClient,
  definitions: readonly TableDefinition[],
  nameOf: (definition: TableDefinition) => string,
): Promise<void> {
  for (const definition of definitions) {
    try {
      await client.send(new CreateTableCommand(createTableInput(definition, nameOf(definition))));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
}
