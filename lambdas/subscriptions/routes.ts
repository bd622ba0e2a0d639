/**
 * The subscription routes (public API, token links), the Plus page and the operators' tier route.
 * Thin: parse, call the use case (service.ts), pick HTML or JSON, set the headers every token route
 * needs (no-store, no-referrer; pages also the strict CSP and DENY framing), and turn the use cases'
 * refusals into problems (problemOf).
 */
import { requireApiKey, type KeyProvider } from '../http/api-key';
import { HttpProblem, badRequest, notFound } from '../http/problems';
import { bind, prefersHtml, prefersJson, route, routeSpec, type FormFields, type Response, type Route } from '../http/router';
import { Nullable, StringEnum, StringMap, Type, type Static } from '../http/schema';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { EMAIL_MAX_LENGTH } from '../shared/email';
import { PAGE_HEADERS, PRIVATE_HEADERS } from './html';
import { jsonFeed, matchesEtag, rssFeed, type FeedDocument } from './feed';
import { ERASE_FORM_PATH, FEED_JSON_PATH, LINK_PATHS } from './links';
import { PLUS_PAGE, confirmedPage, erasedPage, managePage, problemPage, unsubscribeAskPage, unsubscribedPage } from './pages';
import { PREFERENCE_PROPERTIES, preferencesFromForm } from './preferences';
import * as service from './service';
import type { StoredSubscriber, SubscriberStore } from './store';
import { TIERS } from './subscriber';

// ------------------------------------------------------------------------------------------------
// Schemas: they validate the requests and are published in /openapi.json.
// ------------------------------------------------------------------------------------------------
const str = Type.String();
const strList = Type.Array(str);
const nullableStr = Nullable(str);
const TierSchema = StringEnum(TIERS);

const PreferencesSchema = Type.Object(
  {
    keywords: strList,
    industries: strList,
    geos: strList,
    jobTypes: strList,
    guides: strList,
    levels: strList,
    salaryMin: Nullable(Type.Integer()),
    salaryCurrency: str,
    remoteOnly: Type.Boolean(),
    timeZone: Nullable(str, { description: 'IANA zone digests are timed in (07:00 local); null: the default zone (digestTimezone).' }),
  },
  { description: 'What the digests contain; empty lists match everything.' },
);

export const SignUpRequestSchema = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: EMAIL_MAX_LENGTH, description: 'The address to send alerts to.' }),
    ...PREFERENCE_PROPERTIES,
  },
  { additionalProperties: false },
);

const PreferencesUpdateSchema = Type.Object(
  { ...PREFERENCE_PROPERTIES },
  { description: 'The preferences to change; fields left out keep their value.', additionalProperties: false },
);

const formText = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const formList = (maxItems: number, maxLength: number) => Type.Optional(Type.Array(Type.String({ maxLength }), { maxItems }));
const PreferencesFormSchema = Type.Object(
  {
    keywords: formText(SUBSCRIPTION_LIMITS.keywordsMax * (SUBSCRIPTION_LIMITS.itemChars + 2)),
    industries: formText(SUBSCRIPTION_LIMITS.industriesMax * (SUBSCRIPTION_LIMITS.itemChars + 2)),
    geos: formText(SUBSCRIPTION_LIMITS.geosMax * (SUBSCRIPTION_LIMITS.itemChars + 2)),
    jobTypes: formList(20, 40),
    guides: formList(50, 120),
    levels: formList(20, 40),
    salaryMin: formText(40),
    salaryCurrency: formText(10),
    remoteOnly: formText(10),
    timeZone: formText(100),
  },
  {
    description: 'The manage page form: text fields are comma-separated lists; checkbox groups repeat their name. Every field replaces its list.',
    additionalProperties: false,
  },
);

// The dates are optional: records stored before a field existed have none.
const SubscriptionSchema = Type.Object({
  id: str,
  email: str,
  status: StringEnum(['pending', 'confirmed', 'unsubscribed']),
  tier: TierSchema,
  preferences: PreferencesSchema,
  createdAt: Type.Optional(str),
  confirmedAt: Type.Optional(nullableStr),
  updatedAt: Type.Optional(str),
  suppressed: Type.Optional(Nullable(StringEnum(['bounce', 'complaint']))),
  lastDigestAt: Type.Optional(nullableStr),
  unsubscribedAt: Type.Optional(nullableStr),
  tierChangedAt: Type.Optional(nullableStr),
});

const ManageViewSchema = Type.Object({
  subscription: SubscriptionSchema,
  links: Type.Object(
    { manage: str, export: str, erase: str, unsubscribe: str, feed: str, jsonFeed: str },
    {
      description: `manage: GET/POST (${SUBSCRIPTION_LIMITS.manageLinkDays} days from the email); export: GET (1 hour); erase: DELETE (1 hour); unsubscribe: POST (RFC 8058); feed, jsonFeed: GET, the private feed as RSS 2.0 and JSON Feed 1.1 (${SUBSCRIPTION_LIMITS.feedLinkDays} days).`,
    },
  ),
});

const SignUpAcceptedSchema = Type.Object({ status: StringEnum(['accepted']), detail: str });

const ConfirmationSchema = Type.Object({
  status: StringEnum(['confirmed']),
  changed: Type.Boolean(),
  subscription: SubscriptionSchema,
  links: Type.Object({ manage: str, unsubscribe: str }),
});

const record = StringMap(Type.Unknown());
const SubscriptionExportSchema = Type.Object(
  {
    exportedAt: str,
    subscriber: Nullable(record),
    deliveries: Type.Array(record),
    suppression: Nullable(record),
  },
  { description: 'Everything stored about the subscriber, as stored.' },
);

const UnsubscribeResultSchema = Type.Object({ status: StringEnum(['unsubscribed']) });
const ErasedSchema = Type.Object({ status: StringEnum(['erased']) });

export const subscriptionSchemas = {
  // The sign-up body is not a component: POST /subscriptions documents it in place.
  Preferences: PreferencesSchema,
  SignUpAccepted: SignUpAcceptedSchema,
  Subscription: SubscriptionSchema,
  ManageView: ManageViewSchema,
  Confirmation: ConfirmationSchema,
  SubscriptionExport: SubscriptionExportSchema,
  UnsubscribeResult: UnsubscribeResultSchema,
  Erased: ErasedSchema,
};

const TierChangeSchema = Type.Object({ tier: TierSchema }, { additionalProperties: false });

const TierChangeResultSchema = Type.Object({
  id: str,
  tier: TierSchema,
  previousTier: TierSchema,
  status: str,
  receivesAlerts: Type.Boolean(),
});

export const adminSubscriberSchemas = { TierChange: TierChangeSchema, TierChangeResult: TierChangeResultSchema };

const tokenQuery = Type.Object({
  // No pattern: whatever was sent, a token that does not verify is a 403, not a 400.
  token: Type.String({ description: 'The signed token from the link.', minLength: 1, maxLength: 512 }),
});

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

const pageRoute = { htmlProblem: problemPage };

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
  return route({
    method: 'GET',
    path: rss ? LINK_PATHS.feed : FEED_JSON_PATH,
    operationId: rss ? 'subscriptionFeedRss' : 'subscriptionFeedJson',
    summary: `The subscriber's private feed as ${rss ? 'RSS 2.0' : 'JSON Feed 1.1'}: the jobs of their latest digests (at most ${SUBSCRIPTION_LIMITS.feedJobs}); ETag, If-None-Match → 304`,
    tags: ['subscriptions'],
    query: tokenQuery,
    responses: {
      '200': { description: 'The feed.', contentType: rss ? 'application/rss+xml' : 'application/feed+json' },
      '304': { description: 'Not modified since the ETag given.' },
    },
    async handle({ query: { token }, headers }) {
      const svc = services();
      const jobs = await answer(service.feedJobs(svc, token));
      const self = rss ? svc.links.url('feed', token) : svc.links.jsonFeedUrl(token);
      const doc = (rss ? rssFeed : jsonFeed)(jobs, svc.links.baseUrl, self);
      return feedResponse(doc, headers['if-none-match']);
    },
  });
}

/** GET /plus: served whether or not this deployment serves the subscription routes (digests link to it). */
export function plusRoute(): Route {
  return route({
    method: 'GET',
    path: '/plus',
    operationId: 'plus',
    summary: 'What Plus is (Free digests link here)',
    tags: ['meta'],
    responses: { '200': { description: 'An HTML page.', contentType: 'text/html' } },
    async handle() {
      return { status: 200, headers: { ...PAGE_HEADERS, 'cache-control': 'public, max-age=3600' }, raw: PLUS_PAGE };
    },
  });
}

export function subscriptionRoutes(services: ServicesProvider): Route[] {
  return [
    feedRoute(services, 'rss'),
    feedRoute(services, 'json'),
    route({
      method: 'POST',
      path: '/subscriptions',
      operationId: 'subscribe',
      summary: 'Sign up for job alerts (double opt-in)',
      tags: ['subscriptions'],
      body: SignUpRequestSchema,
      maxBodyBytes: SUBSCRIPTION_LIMITS.bodyBytes,
      responses: {
        '202': {
          description: 'Accepted. The same answer whether the address is new, pending, confirmed or unknown to us.',
          schema: SignUpAcceptedSchema,
        },
        '429': { description: 'Too many sign-ups from this client, or overall, this hour: Retry-After says when to try again. The same answer for every address.' },
      },
      async handle({ body, sourceIp }) {
        await answer(service.signUp(services(), body, sourceIp));
        return json(202, service.SIGN_UP_ACCEPTED);
      },
    }),
    route({
      ...pageRoute,
      method: 'GET',
      path: LINK_PATHS.confirm,
      operationId: 'confirmSubscription',
      summary: 'Confirm a sign-up (HTML page; JSON with Accept: application/json). Idempotent.',
      tags: ['subscriptions'],
      query: tokenQuery,
      responses: {
        '200': { description: 'Confirmed (or already confirmed).', schema: ConfirmationSchema },
      },
      async handle({ query: { token }, headers }) {
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
      },
    }),
    route({
      ...pageRoute,
      method: 'GET',
      path: LINK_PATHS.manage,
      operationId: 'showSubscription',
      summary: 'The manage page (HTML form; JSON with Accept: application/json)',
      tags: ['subscriptions'],
      query: Type.Object({
        ...tokenQuery.properties,
        saved: Type.Optional(Type.Boolean({ description: 'Set by the page after a save: shows a confirmation.' })),
      }),
      responses: { '200': { description: 'The subscription and its links.', schema: ManageViewSchema } },
      async handle({ query, headers }) {
        const view = await answer(service.showManage(services(), query.token));
        if (prefersJson(headers.accept)) return manageJson(view);
        return managePage(view, query.saved === true ? 'saved' : null);
      },
    }),
    route({
      ...pageRoute,
      method: 'POST',
      path: LINK_PATHS.manage,
      operationId: 'updateSubscription',
      summary: 'Update preferences: JSON (fields given change) or the page form (every field replaces)',
      tags: ['subscriptions'],
      query: tokenQuery,
      body: PreferencesUpdateSchema,
      form: {
        schema: PreferencesFormSchema,
        toBody: (fields: FormFields) => preferencesFromForm(fields),
      },
      maxBodyBytes: SUBSCRIPTION_LIMITS.bodyBytes,
      responses: {
        '200': { description: 'Saved (JSON requests).', schema: ManageViewSchema },
        '303': { description: 'Saved (form posts): see the manage page.' },
      },
      async handle({ query: { token }, headers, body }) {
        const form = isForm(headers);
        const view = await answer(service.updateManage(services(), token, body, form));
        if (!form) return manageJson(view);
        // Post/redirect/get: a reload shows the page instead of posting again.
        return {
          status: 303,
          headers: { ...PRIVATE_HEADERS, location: `${LINK_PATHS.manage}?token=${encodeURIComponent(token)}&saved=true` },
        };
      },
    }),
    route({
      // A browser following the manage page's download link gets the HTML problem page.
      ...pageRoute,
      method: 'GET',
      path: LINK_PATHS.export,
      operationId: 'exportSubscription',
      summary: 'Everything stored about the subscriber, delivery history included',
      tags: ['subscriptions'],
      query: tokenQuery,
      responses: { '200': { description: 'The export.', schema: SubscriptionExportSchema } },
      async handle({ query: { token } }) {
        const doc = await answer(service.exportData(services(), token));
        return json(200, doc, { 'content-disposition': 'attachment; filename="careerwire-export.json"' });
      },
    }),
    route({
      method: 'DELETE',
      path: LINK_PATHS.erase,
      operationId: 'eraseSubscription',
      summary: 'Erase the subscriber and their delivery history (idempotent)',
      tags: ['subscriptions'],
      query: tokenQuery,
      responses: { '204': { description: 'Erased.' } },
      async handle({ query: { token } }) {
        await answer(service.erase(services(), token));
        return { status: 204, headers: { ...PRIVATE_HEADERS } };
      },
    }),
    route({
      ...pageRoute,
      method: 'POST',
      path: ERASE_FORM_PATH,
      operationId: 'eraseSubscriptionForm',
      summary: 'Erase, from the manage page form (HTML forms cannot send DELETE); needs confirm=yes',
      tags: ['subscriptions'],
      query: tokenQuery,
      body: Type.Object({ confirm: StringEnum(['yes']) }, { additionalProperties: false }),
      form: {
        schema: Type.Object({ confirm: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false }),
        toBody: (fields: FormFields) => fields,
      },
      maxBodyBytes: SUBSCRIPTION_LIMITS.bodyBytes,
      responses: { '200': { description: 'Erased: a page for browsers, JSON for API clients.', schema: ErasedSchema } },
      async handle({ query: { token }, headers }) {
        await answer(service.erase(services(), token));
        return prefersHtml(headers.accept) ? erasedPage() : json(200, { status: 'erased' } satisfies Static<typeof ErasedSchema>);
      },
    }),
    route({
      ...pageRoute,
      method: 'GET',
      path: LINK_PATHS.unsubscribe,
      operationId: 'unsubscribePage',
      summary: 'A page with an unsubscribe button; a GET never unsubscribes',
      tags: ['subscriptions'],
      query: tokenQuery,
      responses: { '200': { description: 'The page.', contentType: 'text/html' } },
      async handle({ query: { token } }) {
        await answer(service.checkUnsubscribe(services(), token));
        return unsubscribeAskPage(token);
      },
    }),
    route({
      ...pageRoute,
      method: 'POST',
      path: LINK_PATHS.unsubscribe,
      operationId: 'unsubscribe',
      summary: 'RFC 8058 one-click unsubscribe: body List-Unsubscribe=One-Click; no cookie or other auth; effective at once',
      tags: ['subscriptions'],
      query: tokenQuery,
      body: Type.Object({ 'List-Unsubscribe': Type.Optional(StringEnum(['One-Click'])) }),
      form: {
        schema: Type.Object({ 'List-Unsubscribe': Type.Optional(Type.String({ maxLength: 20 })) }),
        toBody: (fields: FormFields) => fields,
        multipart: true,
      },
      // Mail providers send exactly the one field; be lenient about an empty body, the token is the authority.
      bodyOptional: true,
      maxBodyBytes: SUBSCRIPTION_LIMITS.bodyBytes,
      responses: { '200': { description: 'Unsubscribed (also when it already was).', schema: UnsubscribeResultSchema } },
      async handle({ query: { token }, headers }) {
        await answer(service.unsubscribe(services(), token));
        return prefersHtml(headers.accept) ? unsubscribedPage() : json(200, { status: 'unsubscribed' } satisfies Static<typeof UnsubscribeResultSchema>);
      },
    }),
  ];
}

export interface AdminSubscriberDependencies {
  store: SubscriberStore;
  apiKey: KeyProvider;
  log: service.SubscriptionLog;
  now: () => Date;
}

const setTierSpec = routeSpec({
  method: 'PUT',
  path: '/admin/subscribers/{email}/tier',
  operationId: 'setSubscriberTier',
  summary: "Set a subscriber's tier, as a billing system would (operators; x-api-key). Applies from the next run of the new tier.",
  tags: ['admin', 'subscriptions'],
  pathParams: Type.Object({ email: Type.String({ description: 'The address, percent-encoded.', minLength: 3, maxLength: EMAIL_MAX_LENGTH }) }),
  body: TierChangeSchema,
  responses: { '200': { description: 'The tier as now stored.', schema: TierChangeResultSchema } },
});

/** The operators' subscriber routes' specs: what OpenAPI documents where the routes are not served. */
export const adminSubscriberSpecs = [setTierSpec];

export function adminSubscriberRoutes(deps: AdminSubscriberDependencies): Route[] {
  return [
    bind(setTierSpec, async ({ headers, params, body }) => {
      await requireApiKey(headers, deps.apiKey);
      const result = await answer(service.setTier(deps, params.email, body.tier));
      return { status: 200, headers: { 'cache-control': 'no-store' }, body: result satisfies Static<typeof TierChangeResultSchema> };
    }),
  ];
}
