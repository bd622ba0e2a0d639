/**
 * The local stack: dynalite + aws-ses-v2-local + the API handler behind a local API Gateway, with
 * tables made from the shared definitions and content/ ingested. `npm start` and the integration
 * tests both use it; ports of 0 pick free ones (tests run in parallel).
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ingestGuides, type IngestReport } from '../../lambdas/guides/ingest';
import { DynamoGuideStore } from '../../lambdas/guides/store';
import { documentClient } from '../../lambdas/shared/dynamo';
import { GuidesTable, TABLES, type TableDefinition } from '../../lambdas/shared/tables';
import { useLocalEndpoints, type LocalConfig } from './config';
import { guideSources } from './content';
import { ensureTables, startDynalite, type RunningDynamo } from './dynamodb';
import { startHttpGateway, type HttpHandler, type RunningGateway } from './http-gateway';
import { startSes, type RunningSes } from './ses';

/** Local table names are the definitions' ids; in AWS CloudFormation names them. */
export const localTableName = (definition: TableDefinition): string => definition.id;

/** Sets each table's env var, as CDK's bindTable does for a deployed function. */
export function bindLocalTables(): void {
  for (const definition of TABLES) process.env[definition.envVar] = localTableName(definition);
}

export interface LocalStack {
  apiUrl: string;
  dynamodbEndpoint: string;
  sesUrl: string;
  ingest: IngestReport;
  stop(): Promise<void>;
}

export interface LocalStackOptions extends LocalConfig {
  /** false keeps dynalite's data in memory (tests). */
  persist: boolean;
  guidesDir?: string;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started: { close(): Promise<void> }[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.close();
  };
  try {
    const dynamo: RunningDynamo = await startDynalite(
      options.dynamodbPort,
      options.persist ? join(options.dataDir, 'dynamodb') : undefined,
    );
    started.push(dynamo);
    const ses: RunningSes = await startSes(options.sesPort);
    started.push(ses);

    useLocalEndpoints({ dynamodb: dynamo.endpoint, ses: ses.endpoint }, options.region);
    bindLocalTables();
    await ensureTables(new DynamoDBClient({}), TABLES, localTableName);

    const store = new DynamoGuideStore(documentClient(), localTableName(GuidesTable));
    const ingest = await ingestGuides(store, await guideSources(options.guidesDir), { removeMissing: true });

    // Loaded only now: the entry reads its configuration at import, as at a Lambda cold start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../../lambdas/functions/api') as { handler: HttpHandler };
    const gateway: RunningGateway = await startHttpGateway(handler, options.apiPort);
    started.push(gateway);

    return { apiUrl: gateway.url, dynamodbEndpoint: dynamo.endpoint, sesUrl: ses.endpoint, ingest, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
