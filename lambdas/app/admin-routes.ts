/**
 * The operators' /admin/* API (the admin function, which alone holds the API key and the other write
 * grants). Apart from routes.ts so that the api function, which documents these routes, does not
 * import their handlers (nor, through the tier route, the subscription use cases).
 */
import { adminJobRoutes, type AdminJobDependencies } from '../jobs/routes';
import { alertRoutes, type AlertRouteDependencies } from '../alerts/routes';
import { Router, type Logger, type Route } from '../http/router';
import { adminSubscriberRoutes } from '../subscriptions/routes';
import type { SubscriptionLog } from '../subscriptions/service';
import type { SubscriberStore } from '../subscriptions/store';
import type { HttpHandler } from './routes';

export type AdminDependencies = AdminJobDependencies & {
  log: Logger;
  /** Absent: the subscriber routes are not served. */
  subscribers?: { store: SubscriberStore; log: SubscriptionLog };
  /** Absent: the alert-run routes are not served. */
  alerts?: Omit<AlertRouteDependencies, 'apiKey'>;
};

function adminRoutes(deps: AdminDependencies): Route[] {
  const subscribers = deps.subscribers;
  return [
    ...adminJobRoutes(deps),
    ...(subscribers !== undefined
      ? adminSubscriberRoutes({ store: subscribers.store, log: subscribers.log, apiKey: deps.apiKey, now: deps.now })
      : []),
    ...(deps.alerts !== undefined ? alertRoutes({ ...deps.alerts, apiKey: deps.apiKey }) : []),
  ];
}

export function createAdminApi(deps: AdminDependencies): HttpHandler {
  // The router checks the key before anything else; the routes' own checks then always pass.
  const router = new Router(adminRoutes(deps), deps.log, { apiKey: deps.apiKey });
  return (event) => router.handle(event);
}
