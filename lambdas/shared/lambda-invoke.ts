/**
 * An asynchronous (Event) invocation of a function through the clients' Lambda client. Imported with
 * import() where few invocations need it (the admin function starting a run, the planner continuing
 * one): their cold starts never load the Lambda client.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsClients } from './aws';

export async function invokeEvent(clients: AwsClients, functionName: string, payload: unknown): Promise<void> {
  await clients
    .client('lambda', (config) => new LambdaClient(config))
    .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
}
