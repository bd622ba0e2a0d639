/** API Gateway HTTP API ($default route, payload 2.0) → the public, read-only API. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DynamoGuideStore } from '../guides/store';
import { createApi } from '../http/api';
import { DynamoJobStore } from '../jobs/store';
import { dynamo, tableName } from '../shared/aws';
import { logger } from '../shared/observability';
import { GuidesTable, JobsTable } from '../shared/tables';

// Read at cold start: a missing table binding fails the first invocation loudly, not a request later.
const api = createApi({
  guides: new DynamoGuideStore(dynamo(), tableName(GuidesTable)),
  jobs: new DynamoJobStore(dynamo(), tableName(JobsTable)),
  log: logger,
});

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  return api(event);
};
