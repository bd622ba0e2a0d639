/**
 * The subscription routes as specs: their schemas, paths, parameters and documented answers, without
 * their handlers. The api function documents these operations in /openapi.json from here while the
 * subscriptions function serves them (routes.ts binds each spec to its handler): importing this module
 * brings in no use case, store, mailer or SES client, which the api's cold start must not load.
 */
import { routeSpec, type FormFields } from '../http/router';
import { Nullable, StringEnum, StringMap, Type } from '../http/schema';
import { EMAIL_MAX_LENGTH } from '../shared/email';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { ERASE_FORM_PATH, FEED_JSON_PATH, LINK_PATHS } from './links';
import { problemPage } from './pages';
import { PREFERENCE_PROPERTIES, preferencesFromForm } from './preferences';
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

export const ManageViewSchema = Type.Object({
  subscription: SubscriptionSchema,
  links: Type.Object(
    { manage: str, export: str, erase: str, unsubscribe: str, feed: str, jsonFeed: str },
    {
      description: `manage: GET/POST (${SUBSCRIPTION_LIMITS.manageLinkDays} days from the email); export: GET (1 hour); erase: DELETE (1 hour); unsubscribe: POST (RFC 8058); feed, jsonFeed: GET, the private feed as RSS 2.0 and JSON Feed 1.1 (${SUBSCRIPTION_LIMITS.feedLinkDays} days).`,
    },
  ),
});

export const SignUpAcceptedSchema = Type.Object({ status: StringEnum(['accepted']), detail: str });

export const ConfirmationSchema = Type.Object({
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

export const UnsubscribeResultSchema = Type.Object({ status: StringEnum(['unsubscribed']) });
export const ErasedSchema = Type.Object({ status: StringEnum(['erased']) });

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

export const TierChangeResultSchema = Type.Object({
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
// Specs: bound to their handlers in routes.ts.
// ------------------------------------------------------------------------------------------------

/** Token pages answer a browser's failure with an HTML page, API clients with problem+json. */
const pageRoute = { htmlProblem: problemPage };

function feedSpec(kind: 'rss' | 'json') {
  const rss = kind === 'rss';
  return routeSpec({
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
  });
}

export const feedRssSpec = feedSpec('rss');
export const feedJsonSpec = feedSpec('json');

export const signUpSpec = routeSpec({
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
});

export const confirmSpec = routeSpec({
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
});

export const showManageSpec = routeSpec({
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
});

export const updateManageSpec = routeSpec({
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
});

export const exportSpec = routeSpec({
  // A browser following the manage page's download link gets the HTML problem page.
  ...pageRoute,
  method: 'GET',
  path: LINK_PATHS.export,
  operationId: 'exportSubscription',
  summary: 'Everything stored about the subscriber, delivery history included',
  tags: ['subscriptions'],
  query: tokenQuery,
  responses: { '200': { description: 'The export.', schema: SubscriptionExportSchema } },
});

export const eraseSpec = routeSpec({
  method: 'DELETE',
  path: LINK_PATHS.erase,
  operationId: 'eraseSubscription',
  summary: 'Erase the subscriber and their delivery history (idempotent)',
  tags: ['subscriptions'],
  query: tokenQuery,
  responses: { '204': { description: 'Erased.' } },
});

export const eraseFormSpec = routeSpec({
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
});

export const unsubscribePageSpec = routeSpec({
  ...pageRoute,
  method: 'GET',
  path: LINK_PATHS.unsubscribe,
  operationId: 'unsubscribePage',
  summary: 'A page with an unsubscribe button; a GET never unsubscribes',
  tags: ['subscriptions'],
  query: tokenQuery,
  responses: { '200': { description: 'The page.', contentType: 'text/html' } },
});

export const unsubscribeSpec = routeSpec({
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
});

/** The public subscription routes' specs, in the order they are served. */
export const subscriptionSpecs = [
  feedRssSpec,
  feedJsonSpec,
  signUpSpec,
  confirmSpec,
  showManageSpec,
  updateManageSpec,
  exportSpec,
  eraseSpec,
  eraseFormSpec,
  unsubscribePageSpec,
  unsubscribeSpec,
];

export const setTierSpec = routeSpec({
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
