/** aws-ses-v2-local: accepts SES v2 sends and keeps every message, with a web inbox and GET /store. */
import type { AddressInfo } from 'node:net';
import sesServer from 'aws-ses-v2-local';
import { closeServer } from './dynamodb';

export interface RunningSes {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export async function startSes(port: number): Promise<RunningSes> {
  const server = await sesServer({ host: '127.0.0.1', port });
  const actual = (server.address() as AddressInfo).port;
  return { endpoint: `http://127.0.0.1:${actual}`, port: actual, close: () => closeServer(server) };
}
