/**
 * An asynchronous (Event) invocation of another function through the clients' Lambda client. The
 * admin function imports it with import() when an operator starts a run: its other requests, and
 * its cold start, never load the Lambda client.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsClients } from './aws';

export async function invokeEvent(clients: AwsClients, functionName: string, payload: unknown): Promise<void> {
  await clients
    .client('lambda', (config) => new LambdaClient(config))
    .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
}
