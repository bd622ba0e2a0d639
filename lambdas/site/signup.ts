/**
 * The sign-up form of the site (home page, guide pages, /subscribe) and the route it posts to. The
 * form works without JavaScript: a urlencoded POST to /subscribe that calls the same use case as the
 * JSON route (service.signUp), so the same rules, limits, answer floor and emails apply. Its answer
 * is one page with the same bytes for every address; an invalid field re-renders the form with the
 * error beside that field and what was typed kept.
 *
 * Besides the address and the role, the form offers the preferences people ask for most (levels, a
 * yearly salary floor, remote only, their time zone) inside a <details>, open when any is set or
 * wrong: the form stays short for those who want every job.
 *
 * A hidden honeypot field catches naive bots: one that fills it gets the same page after the same
 * floor, and nothing is sent.
 */
import type { FieldError } from '../http/problems';
import { route, type FormFields, type Response, type Route } from '../http/router';
import { Nullable, Type, conforms, type Static } from '../http/schema';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { SafeHtml, html } from '../subscriptions/html';
import { DEFAULT_CURRENCY, MAX_ITEMS, preferencesFromForm } from '../subscriptions/preferences';
import { SignUpRequestSchema, problemOf, type ServicesProvider } from '../subscriptions/routes';
import * as service from '../subscriptions/service';
import { PRIVATE_PAGE_HEADERS, siteProblemPage, sitePage } from './layout';
import { HONEYPOT_FIELD, SIGN_UP_FIELDS, SIGN_UP_FORM_PATH, signUpForm, type GuideOption, type SignUpErrors, type SignUpField } from './signup-form';

// The form itself is in signup-form.ts (the api function renders it without loading the use case).
export * from './signup-form';

/** The answer to every accepted sign-up: nothing in it depends on the address. */
export const CHECK_INBOX_PAGE = sitePage({
  title: 'Check your inbox · careerwire',
  noindex: true,
  main: html`<h1>Check your inbox</h1>
<p class="status" role="status">${service.SIGN_UP_ACCEPTED.detail}</p>
<p>The email comes from careerwire. If it is not there in a few minutes, look in your spam folder, or sign up again: we send at most ${SUBSCRIPTION_LIMITS.confirmationEmails} confirmation emails a day.</p>
<p><a href="/guides">Read the career guides</a> while you wait.</p>`,
});

function signUpPage(status: number, form: SafeHtml): Response {
  return {
    status,
    headers: { ...PRIVATE_PAGE_HEADERS },
    raw: sitePage({
      title: `${status === 200 ? '' : 'Error: '}Job alerts · careerwire`,
      noindex: true,
      main: html`<h1>Get job alerts</h1>
${form}`,
    }),
  };
}

const EMPTY = new Set(['is empty', 'is required']);

const FIELD_NAMES: Record<SignUpField, string> = {
  email: 'email address',
  guides: 'role',
  levels: 'level',
  salaryMin: 'salary',
  salaryCurrency: 'currency',
  timeZone: 'time zone',
};

/** Form field errors (JSON pointers from the schema and the use case) → the field they belong to. */
export function errorsByField(errors: readonly FieldError[]): SignUpErrors {
  const out: SignUpErrors = {};
  for (const e of errors) {
    const field = SIGN_UP_FIELDS.find((f) => e.field === `/${f}` || e.field.startsWith(`/${f}/`)) ?? 'form';
    out[field] ??=
      field === 'form'
        ? e.message
        : field === 'email' && EMPTY.has(e.message)
          ? 'Enter your email address.'
          : // The schema's words ("must be a integer") are for API clients; people typed text.
            field === 'salaryMin'
            ? `Enter the salary as a whole yearly amount from 0 to ${SUBSCRIPTION_LIMITS.salaryMinMax}, e.g. 60000.`
            : `The ${FIELD_NAMES[field]} ${e.message}.`;
  }
  return out;
}

/** What the form posts, shape-checked by the router before the handler runs (a 400 page otherwise). */
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const SignUpFormSchema = Type.Object(
  {
    // Long enough for anything a person types: the real rules (SignUpRequestSchema) run in the handler, so their errors show beside the field.
    email: text(1_000),
    guides: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: MAX_ITEMS.guides })),
    levels: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
    salaryMin: text(40),
    salaryCurrency: text(10),
    remoteOnly: text(10),
    timeZone: text(64),
    [HONEYPOT_FIELD]: text(1_000),
  },
  { additionalProperties: false },
);

const strings = Type.Array(Type.String());
/** The form read: what was typed (for a re-rendered form), and the preferences as the JSON body gives them. */
const SignUpFormBodySchema = Type.Object({
  email: Type.String(),
  guides: strings,
  honeypot: Type.String(),
  values: Type.Object({ levels: strings, salaryMin: Type.String(), salaryCurrency: Type.String(), remoteOnly: Type.Boolean(), timeZone: Type.String() }),
  // The manage form's reading of the same fields: salaryMin as typed when it is not a number.
  preferences: Type.Object({
    levels: strings,
    salaryMin: Nullable(Type.Union([Type.Number(), Type.String()])),
    salaryCurrency: Type.Optional(Type.String()),
    remoteOnly: Type.Boolean(),
    timeZone: Nullable(Type.String()),
  }),
});

type SignUpForm = Static<typeof SignUpFormBodySchema>;

const formBody = (fields: FormFields): SignUpForm => {
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');
  const guides = fields.guides;
  const p = preferencesFromForm(fields);
  return {
    email: one(fields.email).trim(),
    guides: (Array.isArray(guides) ? guides : guides === undefined ? [] : [guides]).filter((g) => g !== ''),
    honeypot: one(fields[HONEYPOT_FIELD]),
    values: {
      levels: p.levels,
      salaryMin: one(fields.salaryMin).trim(),
      salaryCurrency: one(fields.salaryCurrency).trim() || DEFAULT_CURRENCY,
      remoteOnly: p.remoteOnly === true,
      timeZone: one(fields.timeZone).trim(),
    },
    preferences: {
      levels: p.levels,
      salaryMin: p.salaryMin,
      ...(p.salaryCurrency !== undefined ? { salaryCurrency: p.salaryCurrency } : {}),
      remoteOnly: p.remoteOnly === true,
      timeZone: p.timeZone ?? null,
    },
  };
};

export interface SiteSignUpDependencies {
  services: ServicesProvider;
  /** The guides the form offers (published ones). */
  guides: () => Promise<GuideOption[]>;
}

export function signUpRoutes(deps: SiteSignUpDependencies): Route[] {
  const page = { htmlProblem: siteProblemPage };
  return [
    route({
      ...page,
      method: 'GET',
      path: SIGN_UP_FORM_PATH,
      operationId: 'signUpPage',
      summary: 'The sign-up page (HTML)',
      tags: ['site'],
      responses: { '200': { description: 'An HTML page.', contentType: 'text/html' } },
      async handle() {
        return signUpPage(200, signUpForm({ heading: 'Your details', guides: await deps.guides() }));
      },
    }),
    route({
      ...page,
      method: 'POST',
      path: SIGN_UP_FORM_PATH,
      operationId: 'signUpForm',
      summary: 'The sign-up form (urlencoded; answers with a page). API clients use POST /subscriptions.',
      tags: ['site'],
      body: SignUpFormBodySchema,
      form: { schema: SignUpFormSchema, toBody: formBody, only: 'This is the web form; API clients POST JSON to /subscriptions.' },
      maxBodyBytes: SUBSCRIPTION_LIMITS.bodyBytes,
      responses: { '200': { description: 'Check your inbox (the same page for every address).', contentType: 'text/html' } },
      async handle({ body: form, sourceIp }) {
        const svc = deps.services();
        if (form.honeypot !== '') {
          svc.log.info('sign-up form honeypot filled: nothing sent');
          await svc.wait(SUBSCRIPTION_LIMITS.signUpAnswerMs);
          return checkInbox();
        }
        // salaryMin may still be text here: the schema below names it, as on the JSON route.
        const body = { email: form.email, guides: form.guides, ...form.preferences };
        const again = async (errors: readonly FieldError[]) =>
          signUpPage(
            400,
            signUpForm({
              heading: 'Your details',
              guides: await deps.guides(),
              values: { email: form.email, guide: form.guides[0] ?? '', ...form.values },
              errors: errorsByField(errors),
            }),
          );
        const errors: FieldError[] = form.email === '' ? [{ field: '/email', message: 'is empty' }] : [];
        if (errors.length > 0 || !conforms(SignUpRequestSchema, body, errors)) return again(errors);
        try {
          await service.signUp(svc, body, sourceIp);
        } catch (error) {
          if (error instanceof service.SubscriptionError && error.failure.kind === 'invalid') return again(error.failure.issues);
          if (error instanceof service.SubscriptionError) throw problemOf(error.failure);
          throw error;
        }
        return checkInbox();
      },
    }),
  ];
}

const checkInbox = (): Response => ({ status: 200, headers: { ...PRIVATE_PAGE_HEADERS }, raw: CHECK_INBOX_PAGE });
