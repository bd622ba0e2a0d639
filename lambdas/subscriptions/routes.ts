/**
 * The subscription routes (public API, token links) and the operators' tier route: the specs of
 * specs.ts bound to their handlers. Thin: call the use case (service.ts), pick HTML or JSON, set the
 * headers every token route needs (no-store, no-referrer; pages also the strict CSP and DENY framing),
 * and turn the use cases' refusals into problems (problemOf). Served by the subscriptions and admin
 * functions; the api function imports only specs.ts and plus.ts.
 */
import { requireApiKey, type KeyProvider } from '../http/api-key';
import { HttpProblem, badRequest, notFound } from '../http/problems';
import { bind, prefersHtml, prefersJson, type Response, type Route } from '../http/router';
import type { Static } from '../http/schema';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { PRIVATE_HEADERS } from './html';
import { jsonFeed, matchesEtag, rssFeed, type FeedDocument } from './feed';
import { LINK_PATHS } from './links';
import { confirmedPage, erasedPage, managePage, unsubscribeAskPage, unsubscribedPage } from './pages';
import * as service from './service';
import {
  confirmSpec,
  eraseFormSpec,
  eraseSpec,
  exportSpec,
  feedJsonSpec,
  feedRssSpec,
  setTierSpec,
  showManageSpec,
  signUpSpec,
  unsubscribePageSpec,
  unsubscribeSpec,
  updateManageSpec,
  type ConfirmationSchema,
  type ErasedSchema,
  type ManageViewSchema,
  type TierChangeResultSchema,
  type UnsubscribeResultSchema,
} from './specs';
import type { StoredSubscriber, SubscriberStore } from './store';

// The schemas and specs (specs.ts) are re-exported for the modules and tests that read them from here.
export * from './specs';
export { plusRoute } from './plus';

// ------------------------------------------------------------------------------------------------
// Handlers
// ------------------------------------------------------------------------------------------------
export type ServicesProvider = () => service.SubscriptionServices;

/** A use case's refusal as the answer it gets. */
export function problemOf(failure: service.SubscriptionFailure): HttpProblem {
  switch (failure.kind) {
    case 'invalid':
      return badRequest(failure.subject === 'email' ? 'The email address is invalid.' : 'Some preferences are invalid.', failure.issues);
    case 'link-refused': {
      const { reason, purpose } = failure;
      const again = purpose === 'confirm' ? ' Sign up again to get a new one.' : ' Use the link in the latest email we sent you.';
      if (reason === 'expired') {
        return new HttpProblem(403, 'expired-link', 'This link has expired.' + (purpose === 'confirm' ? again : ' Open it again from the page or email it came from.'));
      }
      if (reason === 'outdated') return new HttpProblem(403, 'outdated-link', 'This link is from an email sent before our links changed, and no longer works.' + again);
      return new HttpProblem(403, 'invalid-link', 'This link is not valid. Use the link from your email exactly as it was sent.');
    }
    case 'link-revoked':
      return notFound('There is no subscription for this link any more.');
    case 'stale-confirmation':
      return new HttpProblem(409, 'stale-link', 'This confirmation link was sent before you unsubscribed. Sign up again to get a new one.');
    case 'unknown-subscriber':
      return notFound('There is no subscriber with this address.');
    case 'too-many-sign-ups':
      return new HttpProblem(429, 'too-many-sign-ups', 'Too many sign-ups right now. Try again after the time in Retry-After.', undefined, {
        'retry-after': String(failure.retryAfterSeconds),
      });
  }
}

/** Runs a use case; its refusal becomes a problem (other errors go on to the router). */
export async function answer<T>(useCase: Promise<T>): Promise<T> {
  try {
    return await useCase;
  } catch (error) {
    if (error instanceof service.SubscriptionError) throw problemOf(error.failure);
    throw error;
  }
}

export function subscriptionView(s: StoredSubscriber) {
  return {
    id: s.id,
    email: s.email,
    status: s.status,
    tier: s.tier,
    preferences: s.preferences,
    createdAt: s.createdAt,
    confirmedAt: s.confirmedAt,
    updatedAt: s.updatedAt,
    suppressed: s.suppressed,
    lastDigestAt: s.lastDigestAt,
    unsubscribedAt: s.unsubscribedAt,
    tierChangedAt: s.tierChangedAt,
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response => ({
  status,
  headers: { ...PRIVATE_HEADERS, ...headers },
  body,
});

const manageJson = (view: service.ManageView): Response =>
  json(200, { subscription: subscriptionView(view.subscriber), links: view.links } satisfies Static<typeof ManageViewSchema>);

const isForm = (headers: Record<string, string>) => !(headers['content-type'] ?? '').toLowerCase().startsWith('application/json');

/**
 * A private feed answer: cacheable by the reader only (private), revalidated by ETag; never indexed
 * and never sent as a Referer (the URL holds the token).
 */
function feedResponse(doc: FeedDocument, ifNoneMatch: string | undefined): Response {
  const headers = {
    'cache-control': `private, max-age=${SUBSCRIPTION_LIMITS.feedMaxAgeSeconds}`,
    etag: doc.etag,
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
  };
  if (matchesEtag(ifNoneMatch, doc.etag)) return { status: 304, headers };
  return { status: 200, headers: { ...headers, 'content-type': doc.contentType }, raw: doc.body };
}

function feedRoute(services: ServicesProvider, kind: 'rss' | 'json'): Route {
  const rss = kind === 'rss';
  return bind(rss ? feedRssSpec : feedJsonSpec, async ({ query: { token }, headers }) => {
    const svc = services();
    const jobs = await answer(service.feedJobs(svc, token));
    const self = rss ? svc.links.url('feed', token) : svc.links.jsonFeedUrl(token);
    const doc = (rss ? rssFeed : jsonFeed)(jobs, svc.links.baseUrl, self);
    return feedResponse(doc, headers['if-none-match']);
  });
}

/** The public subscription routes: the specs of specs.ts (subscriptionSpecs, in that order) bound to the use cases. */
export function subscriptionRoutes(services: ServicesProvider): Route[] {
  return [
    feedRoute(services, 'rss'),
    feedRoute(services, 'json'),
    bind(signUpSpec, async ({ body, sourceIp }) => {
      await answer(service.signUp(services(), body, sourceIp));
      return json(202, service.SIGN_UP_ACCEPTED);
    }),
    bind(confirmSpec, async ({ query: { token }, headers }) => {
      const result = await answer(service.confirm(services(), token));
      if (prefersJson(headers.accept)) {
        return json(200, {
          status: 'confirmed',
          changed: result.changed,
          subscription: subscriptionView(result.subscriber),
          links: { manage: result.manageUrl, unsubscribe: result.unsubscribeUrl },
        } satisfies Static<typeof ConfirmationSchema>);
      }
      return confirmedPage(result.subscriber, result.changed, result);
    }),
    bind(showManageSpec, async ({ query, headers }) => {
      const view = await answer(service.showManage(services(), query.token));
      if (prefersJson(headers.accept)) return manageJson(view);
      return managePage(view, query.saved === true ? 'saved' : null);
    }),
    bind(updateManageSpec, async ({ query: { token }, headers, body }) => {
      const form = isForm(headers);
      const view = await answer(service.updateManage(services(), token, body, form));
      if (!form) return manageJson(view);
      // Post/redirect/get: a reload shows the page instead of posting again.
      return {
        status: 303,
        headers: { ...PRIVATE_HEADERS, location: `${LINK_PATHS.manage}?token=${encodeURIComponent(token)}&saved=true` },
      };
    }),
    bind(exportSpec, async ({ query: { token } }) => {
      const doc = await answer(service.exportData(services(), token));
      return json(200, doc, { 'content-disposition': 'attachment; filename="careerwire-export.json"' });
    }),
    bind(eraseSpec, async ({ query: { token } }) => {
      await answer(service.erase(services(), token));
      return { status: 204, headers: { ...PRIVATE_HEADERS } };
    }),
    bind(eraseFormSpec, async ({ query: { token }, headers }) => {
      await answer(service.erase(services(), token));
      return prefersHtml(headers.accept) ? erasedPage() : json(200, { status: 'erased' } satisfies Static<typeof ErasedSchema>);
    }),
    bind(unsubscribePageSpec, async ({ query: { token } }) => {
      await answer(service.checkUnsubscribe(services(), token));
      return unsubscribeAskPage(token);
    }),
    bind(unsubscribeSpec, async ({ query: { token }, headers }) => {
      await answer(service.unsubscribe(services(), token));
      return prefersHtml(headers.accept) ? unsubscribedPage() : json(200, { status: 'unsubscribed' } satisfies Static<typeof UnsubscribeResultSchema>);
    }),
  ];
}

export interface AdminSubscriberDependencies {
  store: SubscriberStore;
  apiKey: KeyProvider;
  log: service.SubscriptionLog;
  now: () => Date;
}

export function adminSubscriberRoutes(deps: AdminSubscriberDependencies): Route[] {
  return [
    bind(setTierSpec, async ({ headers, params, body }) => {
      await requireApiKey(headers, deps.apiKey);
      const result = await answer(service.setTier(deps, params.email, body.tier));
      return { status: 200, headers: { 'cache-control': 'no-store' }, body: result satisfies Static<typeof TierChangeResultSchema> };
    }),
  ];
}
