/**
 * The subscriptions function's router: the public subscription routes (sign-up, token links, private
 * feeds) and the site's sign-up form routes (GET and POST /subscribe), on the paths of paths.ts. The
 * api function documents these routes (their specs) and renders the form; this is where they run.
 * The pure core behind lambdas/functions/subscriptions.ts and the local gateway.
 */
import type { GuideReader } from '../guides/store';
import { Router, type Logger } from '../http/router';
import { signUpRoutes } from '../site/signup';
import { subscriptionRoutes, type ServicesProvider } from '../subscriptions/routes';
import type { HttpHandler } from './routes';

export interface SubscriptionsApiDependencies {
  /** Built once per process (the subscriptions function: at cold start). */
  services: ServicesProvider;
  /** The guides the sign-up form offers. */
  guides: Pick<GuideReader, 'listSummaries'>;
  log: Logger;
}

export function createSubscriptionsApi(deps: SubscriptionsApiDependencies): HttpHandler {
  const router = new Router(
    [
      ...subscriptionRoutes(deps.services),
      ...signUpRoutes({
        services: deps.services,
        // As the home page lists them: by title.
        guides: async () => (await deps.guides.listSummaries()).sort((a, b) => a.title.localeCompare(b.title, 'en')).map((g) => ({ slug: g.slug, title: g.title })),
      }),
    ],
    deps.log,
  );
  return (event) => router.handle(event);
}
