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
import { JOB_LEVELS } from '../jobs/vocabulary';
import { EMAIL_MAX_LENGTH } from '../shared/email';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { SafeHtml, html } from '../subscriptions/html';
import { DEFAULT_CURRENCY, MAX_ITEMS, preferencesFromForm, timeZoneNames } from '../subscriptions/preferences';
import { SignUpRequestSchema, problemOf, type ServicesProvider } from '../subscriptions/routes';
import * as service from '../subscriptions/service';
import { PRIVATE_PAGE_HEADERS, siteProblemPage, sitePage } from './layout';
import { SIGN_UP_FORM_PATH } from './paths';

export { SIGN_UP_FORM_PATH };

/** The honeypot's name: a field people never see (display:none) and form-filling bots love. */
export const HONEYPOT_FIELD = 'website';

export interface GuideOption {
  slug: string;
  title: string;
}

/** What the form shows: as typed, so a re-rendered form keeps it (the salary too when it is not a number). */
export interface SignUpFormValues {
  email: string;
  guide: string;
  levels: readonly string[];
  salaryMin: string;
  salaryCurrency: string;
  remoteOnly: boolean;
  timeZone: string;
}

const SIGN_UP_FIELDS = ['email', 'guides', 'levels', 'salaryMin', 'salaryCurrency', 'timeZone'] as const;
type SignUpField = (typeof SIGN_UP_FIELDS)[number];

/** Errors by field, or `form` for the rest. */
export type SignUpErrors = Partial<Record<SignUpField | 'form', string>>;

const emptyValues = (guide: string): SignUpFormValues => ({
  email: '',
  guide,
  levels: [],
  salaryMin: '',
  salaryCurrency: DEFAULT_CURRENCY,
  remoteOnly: false,
  timeZone: '',
});

export interface SignUpFormOptions {
  /** The guide a guide page's form is about: a ticked box selects it. */
  guide?: GuideOption;
  /** Otherwise: the guides to pick from (a select; empty choice: every role). */
  guides?: readonly GuideOption[];
  values?: SignUpFormValues;
  errors?: SignUpErrors;
  /** The form's heading level and text. */
  heading: string;
}

const fieldError = (id: string, message: string | undefined) =>
  message === undefined ? '' : html`<span class="field-error" id="${id}-error">Error: ${message}</span>`;

const describedBy = (id: string, hint: boolean, error: string | undefined) => {
  const ids = [...(hint ? [`${id}-hint`] : []), ...(error !== undefined ? [`${id}-error`] : [])];
  return ids.length === 0 ? '' : html` aria-describedby="${ids.join(' ')}"`;
};

const invalid = (error: string | undefined) => (error !== undefined ? new SafeHtml(' aria-invalid="true"') : '');

const checked = (on: boolean) => (on ? new SafeHtml(' checked') : '');

const zoneOptions = (selected: string) => html`${timeZoneNames().map((z) => html`<option${selected === z ? new SafeHtml(' selected') : ''}>${z}</option>`)}`;
/** Every page with the form carries the ~400 zones: escaped once, not per page (on first use, not at a cold start). */
let blankZoneOptions: SafeHtml | undefined;

/**
 * Levels, salary floor and currency, remote only and time zone. The zones are the runtime's list, the
 * one the server checks against, so a pick from it is always accepted.
 */
function moreChoices(values: SignUpFormValues, errors: SignUpErrors): SafeHtml {
  const open =
    values.levels.length > 0 ||
    values.salaryMin !== '' ||
    values.salaryCurrency !== DEFAULT_CURRENCY ||
    values.remoteOnly ||
    values.timeZone !== '' ||
    (['levels', 'salaryMin', 'salaryCurrency', 'timeZone'] as const).some((f) => errors[f] !== undefined);
  const levelsError = errors.levels;
  return html`<details class="more"${open ? new SafeHtml(' open') : ''}>
<summary>More choices: level, salary, remote, time zone</summary>
<fieldset${levelsError !== undefined ? html` aria-describedby="signup-levels-error"` : ''}>
<legend>Levels</legend>
<span class="hint">Jobs at these levels come first; jobs that state no level still come.</span>
${fieldError('signup-levels', levelsError)}
<div class="checks">
${JOB_LEVELS.map((l) => {
  const id = `signup-level-${l.toLowerCase()}`;
  return html`<div class="check"><input type="checkbox" id="${id}" name="levels" value="${l}"${checked(values.levels.includes(l))}${invalid(levelsError)}><label for="${id}">${l}</label></div>`;
})}
</div>
</fieldset>
<label for="signup-salaryMin">Lowest yearly salary <span class="hint" id="signup-salaryMin-hint">A whole number, e.g. 60000. Jobs paying less in this currency are left out; jobs that state no salary still come, after.</span></label>
${fieldError('signup-salaryMin', errors.salaryMin)}
<input type="text" inputmode="numeric" id="signup-salaryMin" name="salaryMin" value="${values.salaryMin}" maxlength="40" autocomplete="off"${describedBy('signup-salaryMin', true, errors.salaryMin)}${invalid(errors.salaryMin)}>
<label for="signup-salaryCurrency">Salary currency <span class="hint" id="signup-salaryCurrency-hint">A three-letter code, e.g. USD, EUR, GBP.</span></label>
${fieldError('signup-salaryCurrency', errors.salaryCurrency)}
<input type="text" id="signup-salaryCurrency" name="salaryCurrency" value="${values.salaryCurrency}" maxlength="3" autocomplete="off" spellcheck="false"${describedBy('signup-salaryCurrency', true, errors.salaryCurrency)}${invalid(errors.salaryCurrency)}>
<div class="check"><input type="checkbox" id="signup-remoteOnly" name="remoteOnly" value="yes"${checked(values.remoteOnly)}><label for="signup-remoteOnly">Only jobs open to remote work</label></div>
<label for="signup-timeZone">Your time zone <span class="hint" id="signup-timeZone-hint">Empty: the schedule’s zone. Digests are not yet timed by it.</span></label>
${fieldError('signup-timeZone', errors.timeZone)}
<select id="signup-timeZone" name="timeZone"${describedBy('signup-timeZone', true, errors.timeZone)}${invalid(errors.timeZone)}>
<option value="">The schedule’s zone</option>
${values.timeZone === '' ? (blankZoneOptions ??= zoneOptions('')) : zoneOptions(values.timeZone)}
</select>
</details>`;
}

/**
 * The form. `novalidate`: the server's messages, beside their fields, are the one source of truth
 * (the browser's own bubbles would differ from them and need no server at all to be bypassed).
 */
export function signUpForm(options: SignUpFormOptions): SafeHtml {
  const values = options.values ?? emptyValues(options.guide?.slug ?? '');
  const errors = options.errors ?? {};
  const guideField =
    options.guide !== undefined
      ? html`<div class="check"><input type="checkbox" id="signup-guide" name="guides" value="${options.guide.slug}"${
          values.guide === options.guide.slug ? new SafeHtml(' checked') : ''
        }${describedBy('signup-guide', false, errors.guides)}${invalid(errors.guides)}><label for="signup-guide">Only jobs in this role: ${options.guide.title}</label></div>
${fieldError('signup-guide', errors.guides)}`
      : options.guides !== undefined && options.guides.length > 0
        ? html`<label for="signup-guide">Role <span class="hint" id="signup-guide-hint">Jobs linked to one career guide, or every new job</span></label>
${fieldError('signup-guide', errors.guides)}
<select id="signup-guide" name="guides"${describedBy('signup-guide', true, errors.guides)}${invalid(errors.guides)}>
<option value="">Every role</option>
${options.guides.map((g) => html`<option value="${g.slug}"${values.guide === g.slug ? new SafeHtml(' selected') : ''}>${g.title}</option>`)}
</select>`
        : '';
  return html`<section class="signup" id="signup" aria-labelledby="signup-heading">
<h2 id="signup-heading">${options.heading}</h2>
<p>A digest of new jobs by email: <strong>Free</strong> is weekly, <strong>Plus</strong> is daily. We send one email to confirm your address first.</p>
${errors.form !== undefined ? html`<p class="error" role="alert">${errors.form}</p>` : ''}
<form method="post" action="${SIGN_UP_FORM_PATH}" novalidate>
<label for="signup-email">Email address</label>
${fieldError('signup-email', errors.email)}
<input type="email" id="signup-email" name="email" value="${values.email}" autocomplete="email" spellcheck="false" maxlength="${EMAIL_MAX_LENGTH}" required${describedBy('signup-email', false, errors.email)}${invalid(errors.email)}>
${guideField}
${moreChoices(values, errors)}
<div class="hp"><label for="signup-${HONEYPOT_FIELD}">Leave this field empty</label><input type="text" id="signup-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
<button type="submit">Get job alerts</button>
</form>
<p class="hint">Every email has an unsubscribe link. We never share your address.</p>
</section>`;
}

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
