/**
 * The site's sign-up form (home page, guide pages, /subscribe) as HTML: a plain form posting to
 * /subscribe. Apart from the route it posts to (signup.ts) because the api function renders it on its
 * pages while the subscriptions function serves the post: rendering it loads no use case.
 */
import { JOB_LEVELS } from '../jobs/vocabulary';
import { EMAIL_MAX_LENGTH } from '../shared/email';
import { SafeHtml, html } from '../subscriptions/html';
import { DEFAULT_CURRENCY, timeZoneNames } from '../subscriptions/preferences';
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

export const SIGN_UP_FIELDS = ['email', 'guides', 'levels', 'salaryMin', 'salaryCurrency', 'timeZone'] as const;
export type SignUpField = (typeof SIGN_UP_FIELDS)[number];

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
