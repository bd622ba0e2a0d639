/**
 * The subscription pages: small, accessible (lang, one h1, a label for every input, fieldsets for
 * checkbox groups, visible focus), readable on a phone, working without JavaScript (plain forms).
 * In-page links and form targets are path-relative: the pages post only to their own origin, which
 * is all the Content-Security-Policy allows.
 */
import type { HttpProblem } from '../http/problems';
import type { Response } from '../http/router';
import { SafeHtml, PAGE_HEADERS, html, page } from './html';
import { ERASE_FORM_PATH, FEED_JSON_PATH, LINK_PATHS } from './links';
import { JOB_LEVELS } from '../jobs/vocabulary';
import { JOB_TYPES, MAX_ITEMS } from './preferences';
import type { ManageView } from './service';
import type { StoredSubscriber } from './store';
import { TIER_CADENCE } from './tiers';

const path = (p: string, token: string) => `${p}?token=${encodeURIComponent(token)}`;

export function htmlResponse(status: number, title: string, body: SafeHtml, headers: Record<string, string> = {}): Response {
  return { status, headers: { ...PAGE_HEADERS, ...headers }, raw: page(title, body) };
}

const plan = (s: Pick<StoredSubscriber, 'tier'>) => `${s.tier === 'plus' ? 'Plus' : 'Free'} — ${TIER_CADENCE[s.tier]}`;

function suppressedNote(s: StoredSubscriber): SafeHtml {
  if (s.suppressed === null) return html``;
  return html`<p class="error" role="alert">We can no longer email this address: ${
    s.suppressed === 'complaint' ? 'a message to it was reported as spam' : 'messages to it bounced'
  }. You can still export or erase your data here.</p>`;
}

export function confirmedPage(subscriber: StoredSubscriber, changed: boolean, tokens: { manageToken: string; unsubscribeToken: string }): Response {
  const title = changed ? 'You’re subscribed' : 'You’re already subscribed';
  return htmlResponse(
    200,
    title,
    html`<p class="status" role="status">${changed ? 'Thanks for confirming your address.' : 'This address was already confirmed; nothing changed.'}</p>
${suppressedNote(subscriber)}
<p>You’re on the <strong>${plan(subscriber)}</strong> plan: job alerts that match your preferences.</p>
<ul class="actions">
<li><a class="button" href="${path(LINK_PATHS.manage, tokens.manageToken)}">Choose what you get</a></li>
<li><a href="${path(LINK_PATHS.unsubscribe, tokens.unsubscribeToken)}">Unsubscribe</a></li>
</ul>`,
  );
}

const STATUS_TEXT: Record<StoredSubscriber['status'], string> = {
  pending: 'Waiting for you to confirm your address',
  confirmed: 'Subscribed',
  unsubscribed: 'Unsubscribed — you get no job alerts',
};

const textField = (id: string, label: string, hint: string, values: string[], multiline = false) => html`
<label for="${id}">${label}</label>
<span class="hint" id="${id}-hint">${hint}</span>
${
  multiline
    ? html`<textarea id="${id}" name="${id}" aria-describedby="${id}-hint">${values.join(', ')}</textarea>`
    : html`<input type="text" id="${id}" name="${id}" value="${values.join(', ')}" aria-describedby="${id}-hint" autocomplete="off">`
}`;

const JOB_TYPE_LABELS: Record<(typeof JOB_TYPES)[number], string> = {
  'full-time': 'Full time',
  'part-time': 'Part time',
  contract: 'Contract',
  'contract-to-hire': 'Contract to hire',
  freelance: 'Freelance',
  internship: 'Internship',
  temporary: 'Temporary',
  seasonal: 'Seasonal',
  volunteer: 'Volunteer',
  'per-diem': 'Per diem',
  apprenticeship: 'Apprenticeship',
};

const checkbox = (group: string, value: string, label: string, checked: boolean) => {
  const id = `${group}-${value}`;
  return html`<div class="check"><input type="checkbox" id="${id}" name="${group}" value="${value}"${checked ? new SafeHtml(' checked') : ''}><label for="${id}">${label}</label></div>`;
};

export function managePage(view: ManageView, notice: 'saved' | null): Response {
  const s = view.subscriber;
  const p = s.preferences;
  const guides = [...view.guides];
  // A chosen guide that is no longer published still shows (and can be unticked).
  for (const slug of p.guides) if (!guides.some((g) => g.slug === slug)) guides.push({ slug, title: slug });
  return htmlResponse(
    200,
    'Your job alerts',
    html`${notice === 'saved' ? html`<p class="status" role="status">Saved. Your next digest uses these preferences.</p>` : ''}
${suppressedNote(s)}
<dl>
<dt>Email</dt><dd>${s.email}</dd>
<dt>Plan</dt><dd>${plan(s)}</dd>
<dt>Status</dt><dd>${STATUS_TEXT[s.status]}</dd>
</dl>

<h2>What you get</h2>
<p class="muted">Leave everything empty to get every new job. Separate several words with commas.</p>
<form method="post" action="${path(LINK_PATHS.manage, view.manageToken)}">
${textField('keywords', 'Keywords', `Words in the job title, company or tags (up to ${MAX_ITEMS.keywords}), e.g. medical billing, scheduling`, p.keywords, true)}
${textField('industries', 'Industries', 'e.g. Healthcare, Education', p.industries)}
${textField('geos', 'Regions', 'e.g. USA, Europe, Anywhere', p.geos)}
<fieldset>
<legend>Levels</legend>
<p class="hint">Jobs at these levels come first; jobs that state no level still come.</p>
<div class="checks">
${JOB_LEVELS.map((l) => checkbox('levels', l, l, p.levels.includes(l)))}
</div>
</fieldset>
<label for="salaryMin">Lowest yearly salary</label>
<span class="hint" id="salaryMin-hint">A whole number, e.g. 60000. Jobs paying less in this currency are left out; jobs that state no salary still come, after.</span>
<input type="text" inputmode="numeric" id="salaryMin" name="salaryMin" value="${p.salaryMin === null ? '' : String(p.salaryMin)}" aria-describedby="salaryMin-hint" autocomplete="off">
<label for="salaryCurrency">Salary currency</label>
<span class="hint" id="salaryCurrency-hint">A three-letter code, e.g. USD, EUR, GBP.</span>
<input type="text" id="salaryCurrency" name="salaryCurrency" value="${p.salaryCurrency}" maxlength="3" aria-describedby="salaryCurrency-hint" autocomplete="off">
<div class="check"><input type="checkbox" id="remoteOnly" name="remoteOnly" value="yes"${p.remoteOnly ? new SafeHtml(' checked') : ''}><label for="remoteOnly">Only jobs open to remote work</label></div>
<label for="timeZone">Your time zone</label>
<span class="hint" id="timeZone-hint">An IANA name, e.g. America/New_York or Europe/Berlin. Empty: the schedule’s zone. Digests are not yet timed by it.</span>
<input type="text" id="timeZone" name="timeZone" value="${p.timeZone ?? ''}" aria-describedby="timeZone-hint" autocomplete="off">
<fieldset>
<legend>Job types</legend>
<div class="checks">
${JOB_TYPES.map((t) => checkbox('jobTypes', t, JOB_TYPE_LABELS[t], p.jobTypes.includes(t)))}
</div>
</fieldset>
${
  guides.length === 0
    ? ''
    : html`<fieldset>
<legend>Career guides</legend>
<p class="hint">Jobs in the roles these guides describe.</p>
${guides.map((g) => checkbox('guides', g.slug, g.title, p.guides.includes(g.slug)))}
</fieldset>`
}
<button type="submit">Save preferences</button>
</form>

<h2>In a feed reader</h2>
<p>The jobs of your latest digests, for any feed reader. Keep these links private: they work until you erase your data.</p>
<ul class="actions">
<li><a href="${path(LINK_PATHS.feed, view.tokens.feed)}">RSS feed of your alerts</a></li>
<li><a href="${path(FEED_JSON_PATH, view.tokens.feed)}">JSON Feed of your alerts</a></li>
</ul>

<h2>Your data</h2>
<ul class="actions">
<li><a href="${path(LINK_PATHS.export, view.tokens.export)}">Download everything we store about you (JSON)</a></li>
</ul>
<form method="post" action="${path(ERASE_FORM_PATH, view.tokens.erase)}">
<div class="check"><input type="checkbox" id="erase-confirm" name="confirm" value="yes" required><label for="erase-confirm">I understand that this deletes my subscription and its history for good.</label></div>
<button type="submit" class="danger">Erase my data</button>
</form>
<p class="hint">The download and erase links on this page work for an hour; reload the page for new ones.</p>

${
  s.status === 'unsubscribed'
    ? ''
    : html`<h2>Leave</h2>
<form method="post" action="${path(LINK_PATHS.unsubscribe, view.tokens.unsubscribe)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" class="secondary">Unsubscribe from all job alerts</button>
</form>`
}`,
  );
}

export function unsubscribeAskPage(token: string): Response {
  return htmlResponse(
    200,
    'Unsubscribe from job alerts?',
    html`<p>You will stop getting careerwire job alert emails straight away.</p>
<form method="post" action="${path(LINK_PATHS.unsubscribe, token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
<p class="muted">Nothing happens until you press the button.</p>`,
  );
}

export function unsubscribedPage(): Response {
  return htmlResponse(
    200,
    'You’re unsubscribed',
    html`<p class="status" role="status">You will get no more job alert emails from careerwire.</p>
<p>Changed your mind? Sign up again at any time; you will be asked to confirm your address.</p>`,
  );
}

export function erasedPage(): Response {
  return htmlResponse(
    200,
    'Your data is erased',
    html`<p class="status" role="status">We deleted your subscription and its delivery history.</p>
<p>If an address bounced or reported our email as spam, we keep a one-way hash of it (never the address) so that we never email it again.</p>`,
  );
}

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Something in that request was wrong',
  403: 'This link doesn’t work',
  404: 'Nothing found',
  409: 'This link is out of date',
  413: 'That was too much',
  415: 'That request was in an unexpected form',
  503: 'Please try again in a moment',
};

/** A problem as a page, for browsers (same status; the detail and field errors, escaped). */
export function problemPage(problem: HttpProblem): Response {
  const doc = problem.toDocument();
  return htmlResponse(
    problem.status,
    PROBLEM_TITLES[problem.status] ?? 'Something went wrong',
    html`<p class="error" role="alert">${doc.detail ?? doc.title}</p>
${
  doc.errors === undefined
    ? ''
    : html`<ul>${doc.errors.map((e) => html`<li><strong>${e.field.replace(/^\//, '')}</strong> ${e.message}</li>`)}</ul>
<p>Go back, correct it and send again.</p>`
}`,
  );
}

/** The page Free digests point to for Plus. Plans are sold by the billing system, which sets the tier. */
export const PLUS_PAGE = page(
  'careerwire Plus',
  html`<p>Free subscribers get a weekly digest of the new jobs that match them, every Monday.</p>
<p><strong>Plus</strong> subscribers get the same digest <strong>every day</strong>, so they hear about new jobs first, with the career guide of each role beside its jobs.</p>
<p>Your plan is set by your careerwire account; the links at the bottom of every digest let you change what you receive, or unsubscribe.</p>`,
);
