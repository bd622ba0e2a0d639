/**
 * The api function: the public API (guides and jobs, read-only), the site's pages and /openapi.json,
 * which documents the subscription routes too (their specs; the subscriptions function serves them).
 * It sends no email and writes nothing: no SES client, no subscription use case or store is loaded at
 * its cold start (README, "cold load"). Built once per process, at cold start; the token keys (they
 * sign page cursors) are fetched on first use, so requests that do not page never wait for Secrets
 * Manager (nor load its client).
 */
import { HashCheckedGuideReader } from '../guides/cache';
import { DynamoGuideStore } from '../guides/store';
import { MarkerCheckedJobReader } from '../jobs/cache';
import { DynamoJobStore } from '../jobs/store';
import type { AwsClients } from '../shared/aws';
import { logger } from '../shared/logging';
import { tokenKeyProvider } from '../subscriptions/token-keys';
import type { ApiConfig } from './config';
import { createApi, type HttpHandler } from './routes';

export function buildApi(config: ApiConfig, clients: AwsClients): HttpHandler {
  const doc = clients.dynamo();
  // A guide read once is kept and re-checked by its content hash only (see HashCheckedGuideReader).
  const guides = new HashCheckedGuideReader(new DynamoGuideStore(doc, config.tables.guides));
  // Page cursors are signed with the token keys: shared by every instance, rotated with them.
  const tokenKeys = tokenKeyProvider(config.tokenKeys, clients);
  return createApi({
    guides,
    // Job lists come from memory while the jobs' version marker is unchanged (see MarkerCheckedJobReader).
    jobs: new MarkerCheckedJobReader(new DynamoJobStore(doc, config.tables.jobs)),
    withSubscriptions: true,
    cursorKeys: async () => {
      const { current, previous } = await tokenKeys();
      return previous === undefined ? [current.key] : [current.key, previous.key];
    },
    siteUrl: config.publicBaseUrl,
    log: logger,
  });
}
