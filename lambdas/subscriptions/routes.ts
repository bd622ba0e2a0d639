/**
 * The subscription routes (public API, token links) and the operators' tier route. Thin: parse,
 * call the use case (service.ts), pick HTML or JSON, set the headers every token route needs
 * (no-store, no-referrer; pages also the strict CSP and DENY framing).
 */
import { requireApiKey, type KeyProvider } from '../http/api-key';
import { badRequest } from '../http/problems';
import { prefersHtml, prefersJson, route, type FormFields, type Request, type Response, type Route } from '../http/router';
import type { Schema } from '../http/schema';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { EMAIL_MAX_LENGTH } from './address';
import { PRIVATE_HEADERS } from './html';
import { jsonFeed, matchesEtag, rssFeed, type FeedDocument } from './feed';
import { ERASE_FORM_PATH, FEED_JSON_PATH, LINK_PATHS } from './links';
import { confirmedPage, erasedPage, managePage, problemPage, unsubscribeAskPage, unsubscribedPage } from './pages';
import { PREFERENCE_PROPERTIES, preferencesFromForm, type PreferencesInput } from './preferences';
import * as service from './service';
import type { StoredSubscriber, SubscriberStore } from './store';
import type { Tier } from './subscriber';
import { TIERS } from './subscriber';

// ------------------------------------------------------------------------------------------------
// Schemas: they validate the requests and are published in /openapi.json.
// ------------------------------------------------------------------------------------------------
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const strList: Schema = { type: 'array', items: str };
const nullableStr: Schema = { nullable: str };

const PreferencesSchema: Schema = {
  type: 'object',
  description: 'What the digests contain; empty lists match everything.',
  properties: {
    keywords: strList,
    industries: strList,
    geos: strList,
    jobTypes: strList,
    guides: strList,
    levels: strList,
    salaryMin: { nullable: { type: 'integer' } },
    salaryCurrency: str,
    remoteOnly: { type: 'boolean' },
    timeZone: { nullable: str, description: "IANA zone; null: the digest schedule's zone." },
  },
  required: ['keywords', 'industries', 'geos', 'jobTypes', 'guides', 'levels', 'salaryMin', 'salaryCurrency', 'remoteOnly', 'timeZone'],
};

export const SignUpRequestSchema: Schema = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', minLength: 3, maxLength: EMAIL_MAX_LENGTH, description: 'The address to send alerts to.' },
    ...PREFERENCE_PROPERTIES,
  },
  required: ['email'],
  additionalProperties: false,
};

const PreferencesUpdateSchema: Schema = {
  type: 'object',
  description: 'The preferences to change; fields left out keep their value.',
  properties: { ...PREFERENCE_PROPERTIES },
  additionalProperties: false,
};

const formText = (maxLength: number): Schema => ({ type: 'string', maxLength });
const PreferencesFormSchema: Schema = {
  type: 'object',
  description: 'The manage page form: text fields are comma-separated lists; checkbox groups repeat their name. Every field replaces its list.',
  properties: {
    keywords: formText(SUBSCRIPTION_LIMITS.keywordsMax * (SUBSCRIPTION_LIMITS.itemChars + 2)),
    industries: formText(SUBSCRIPTION_LIMITS.industriesMax * (SUBSCRIPTION_LIMITS.itemChars + 2)),
    geos: formText(SUBSCRIPTION_LIMITS.geosMax * (SUBSCRIPTION_LIMITS.itemChars + 2)),
    jobTypes: { type: 'array', maxItems: 20, items: formText(40) },
    guides: { type: 'array', maxItems: 50, items: formText(120) },
    levels: { type: 'array', maxItems: 20, items: formText(40) },
    salaryMin: formText(40),
    salaryCurrency: formText(10),
    remoteOnly: formText(10),
    timeZone: formText(100),
  },
  additionalProperties: false,
};

const SubscriptionSchema: Schema = {
  type: 'object',
  properties: {
    id: str,
    email: str,
    status: { type: 'string', enum: ['pending', 'confirmed', 'unsubscribed'] },
    tier: { type: 'string', enum: TIERS },
    preferences: ref('Preferences'),
    createdAt: str,
    confirmedAt: nullableStr,
    updatedAt: str,
    suppressed: { nullable: { type: 'string', enum: ['bounce', 'complaint'] } },
    lastDigestAt: nullableStr,
    unsubscribedAt: nullableStr,
    tierChangedAt: nullableStr,
  },
  required: ['id', 'email', 'status', 'tier', 'preferences'],
};

const ManageViewSchema: Schema = {
  type: 'object',
  properties: {
    subscription: ref('Subscription'),
    links: {
      type: 'object',
      description: `manage: GET/POST (${SUBSCRIPTION_LIMITS.manageLinkDays} days from the email); export: GET (1 hour); erase: DELETE (1 hour); unsubscribe: POST (RFC 8058); feed, jsonFeed: GET, the private feed as RSS 2.0 and JSON Feed 1.1 (${SUBSCRIPTION_LIMITS.feedLinkDays} days).`,
      properties: { manage: str, export: str, erase: str, unsubscribe: str, feed: str, jsonFeed: str },
      required: ['manage', 'export', 'erase', 'unsubscribe', 'feed', 'jsonFeed'],
    },
  },
  required: ['subscription', 'links'],
};

export const subscriptionSchemas: Record<string, Schema> = {
  Preferences: PreferencesSchema,
  SignUpRequest: SignUpRequestSchema,
  SignUpAccepted: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['accepted'] }, detail: str },
    required: ['status', 'detail'],
  },
  Subscription: SubscriptionSchema,
  ManageView: ManageViewSchema,
  Confirmation: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['confirmed'] },
      changed: { type: 'boolean' },
      subscription: ref('Subscription'),
      links: { type: 'object', properties: { manage: str, unsubscribe: str }, required: ['manage', 'unsubscribe'] },
    },
    required: ['status', 'changed', 'subscription', 'links'],
  },
  SubscriptionExport: {
    type: 'object',
    description: 'Everything stored about the subscriber, as stored.',
    properties: {
      exportedAt: str,
      subscriber: { nullable: { type: 'object', properties: {} } },
      deliveries: { type: 'array', items: { type: 'object', properties: {} } },
      suppression: { nullable: { type: 'object', properties: {} } },
    },
    required: ['exportedAt', 'subscriber', 'deliveries', 'suppression'],
  },
  UnsubscribeResult: { type: 'object', properties: { status: { type: 'string', enum: ['unsubscribed'] } }, required: ['status'] },
};

const TierChangeSchema: Schema = { type: 'object', properties: { tier: { type: 'string', enum: TIERS } }, required: ['tier'], additionalProperties: false };

export const adminSubscriberSchemas: Record<string, Schema> = {
  TierChange: TierChangeSchema,
  TierChangeResult: {
    type: 'object',
    properties: {
      id: str,
      tier: { type: 'string', enum: TIERS },
      previousTier: { type: 'string', enum: TIERS },
      status: str,
      receivesAlerts: { type: 'boolean' },
    },
    required: ['id', 'tier', 'previousTier', 'status', 'receivesAlerts'],
  },
};

const tokenQuery = {
  token: {
    description: 'The signed token from the link.',
    required: true,
    // No pattern: whatever was sent, a token that does not verify is a 403, not a 400.
    schema: { type: 'string', minLength: 1, maxLength: 512 },
  },
} as const;

// ------------------------------------------------------------------------------------------------
// Handlers
// ------------------------------------------------------------------------------------------------
export type ServicesProvider = () => service.SubscriptionServices;

const tokenOf = (request: Request): string => String(request.query.token);

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
  json(200, { subscription: subscriptionView(view.subscriber), links: view.links });

const isForm = (request: Request) => !(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');

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
    async handle(request) {
      const svc = services();
      const jobs = await service.feedJobs(svc, tokenOf(request));
      const self = rss ? svc.links.url('feed', tokenOf(request)) : svc.links.jsonFeedUrl(tokenOf(request));
      const doc = (rss ? rssFeed : jsonFeed)(jobs, svc.links.baseUrl, self);
      return feedResponse(doc, request.headers['if-none-match']);
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
          schema: ref('SignUpAccepted'),
        },
        '429': { description: 'Too many sign-ups from this client, or overall, this hour: Retry-After says when to try again. The same answer for every address.' },
      },
      async handle({ body, sourceIp }) {
        await service.signUp(services(), body as service.SignUpBody, sourceIp);
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
        '200': { description: 'Confirmed (or already confirmed).', schema: ref('Confirmation') },
      },
      async handle(request) {
        const result = await service.confirm(services(), tokenOf(request));
        if (prefersJson(request.headers.accept)) {
          return json(200, {
            status: 'confirmed',
            changed: result.changed,
            subscription: subscriptionView(result.subscriber),
            links: { manage: result.manageUrl, unsubscribe: result.unsubscribeUrl },
          });
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
      query: {
        ...tokenQuery,
        saved: { description: 'Set by the page after a save: shows a confirmation.', schema: { type: 'boolean' } },
      },
      responses: { '200': { description: 'The subscription and its links.', schema: ref('ManageView') } },
      async handle(request) {
        const view = await service.showManage(services(), tokenOf(request));
        if (prefersJson(request.headers.accept)) return manageJson(view);
        return managePage(view, request.query.saved === true ? 'saved' : null);
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
        '200': { description: 'Saved (JSON requests).', schema: ref('ManageView') },
        '303': { description: 'Saved (form posts): see the manage page.' },
      },
      async handle(request) {
        const form = isForm(request);
        const view = await service.updateManage(
          services(),
          tokenOf(request),
          request.body as PreferencesInput,
          form,
        );
        if (!form) return manageJson(view);
        // Post/redirect/get: a reload shows the page instead of posting again.
        return {
          status: 303,
          headers: { ...PRIVATE_HEADERS, location: `${LINK_PATHS.manage}?token=${encodeURIComponent(tokenOf(request))}&saved=true` },
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
      responses: { '200': { description: 'The export.', schema: ref('SubscriptionExport') } },
      async handle(request) {
        const doc = await service.exportData(services(), tokenOf(request));
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
      async handle(request) {
        await service.erase(services(), tokenOf(request));
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
      body: {
        type: 'object',
        properties: { confirm: { type: 'string', enum: ['yes'] } },
        required: ['confirm'],
        additionalProperties: false,
      },
      form: {
        schema: { type: 'object', properties: { confirm: { type: 'string', maxLength: 10 } }, additionalProperties: false },
        toBody: (fields: FormFields) => fields,
      },
      maxBodyBytes: SUBSCRIPTION_LIMITS.bodyBytes,
      responses: { '200': { description: 'Erased (a page).' } },
      async handle(request) {
        await service.erase(services(), tokenOf(request));
        return prefersHtml(request.headers.accept) ? erasedPage() : json(200, { status: 'erased' });
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
      async handle(request) {
        await service.checkUnsubscribe(services(), tokenOf(request));
        return unsubscribeAskPage(tokenOf(request));
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
      body: {
        type: 'object',
        properties: { 'List-Unsubscribe': { type: 'string', enum: ['One-Click'] } },
      },
      form: {
        schema: { type: 'object', properties: { 'List-Unsubscribe': { type: 'string', maxLength: 20 } } },
        toBody: (fields: FormFields) => fields,
        multipart: true,
      },
      // Mail providers send exactly the one field; be lenient about an empty body, the token is the authority.
      bodyOptional: true,
      maxBodyBytes: SUBSCRIPTION_LIMITS.bodyBytes,
      responses: { '200': { description: 'Unsubscribed (also when it already was).', schema: ref('UnsubscribeResult') } },
      async handle(request) {
        await service.unsubscribe(services(), tokenOf(request));
        return prefersHtml(request.headers.accept) ? unsubscribedPage() : json(200, { status: 'unsubscribed' });
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

export function adminSubscriberRoutes(deps: AdminSubscriberDependencies): Route[] {
  return [
    route({
      method: 'PUT',
      path: '/admin/subscribers/{email}/tier',
      operationId: 'setSubscriberTier',
      summary: "Set a subscriber's tier, as a billing system would (operators; x-api-key). Applies from the next run of the new tier.",
      tags: ['admin', 'subscriptions'],
      pathParams: {
        email: { description: 'The address, percent-encoded.', schema: { type: 'string', minLength: 3, maxLength: EMAIL_MAX_LENGTH } },
      },
      body: TierChangeSchema,
      responses: { '200': { description: 'The tier as now stored.', schema: ref('TierChangeResult') } },
      async handle({ headers, params, body }) {
        await requireApiKey(headers, deps.apiKey);
        const { tier } = body as { tier: Tier };
        if (!TIERS.includes(tier)) throw badRequest('Unknown tier.');
        const result = await service.setTier(deps, params.email as string, tier);
        return { status: 200, headers: { 'cache-control': 'no-store' }, body: result };
      },
    }),
  ];
}

