/**
 * Serves the sample job feeds in content/jobs over HTTP on localhost, so the local stack syncs them
 * through the real fetch code. Dates are moved to be recent (see content/jobs/README.md); ETag and
 * Last-Modified are per day, so a second poll the same day gets 304 Not Modified as from a real board.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { shiftFeedDates } from '../../lambdas/jobs/dates';
import { SAMPLE_FEED_ANCHOR, SAMPLE_FEEDS } from '../../lambdas/jobs/samples';
import { CONTENT_DIR } from './content';
import { closeServer } from './dynamodb';

export interface RunningFeedServer {
  /** `name=url` entries, the JOB_FEEDS format. */
  feeds: string;
  port: number;
  close(): Promise<void>;
}

export async function startFeedServer(port: number, now: () => Date = () => new Date()): Promise<RunningFeedServer> {
  const files = new Map(SAMPLE_FEEDS.map((f) => [`/${f.file}`, { ...f, text: readFileSync(join(CONTENT_DIR, 'jobs', f.file), 'utf8') }]));
  const server: Server = createServer((req, res) => {
    const feed = files.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (feed === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    // Shifted to the start of today (UTC): stable for the day, so validators hold until midnight.
    const day = new Date(now().toISOString().slice(0, 10) + 'T00:00:00.000Z');
    const body = shiftFeedDates(feed.text, feed.kind, SAMPLE_FEED_ANCHOR, day);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const lastModified = day.toUTCString();
    if (req.headers['if-none-match'] === etag || (req.headers['if-none-match'] === undefined && req.headers['if-modified-since'] === lastModified)) {
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    res.writeHead(200, { 'content-type': feed.contentType, etag, 'last-modified': lastModified });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    feeds: SAMPLE_FEEDS.map((f) => `${f.name}=http://127.0.0.1:${actual}/${f.file}`).join(','),
    port: actual,
    close: () => closeServer(server),
  };
}
