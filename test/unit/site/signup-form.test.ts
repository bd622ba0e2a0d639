import { SUBSCRIPTION_LIMITS } from '../../../lambdas/shared/limits';
import { CHECK_INBOX_PAGE } from '../../../lambdas/site/signup';
import { JOB_LEVELS } from '../../../lambdas/jobs/vocabulary';
import { subscriberId } from '../../../lambdas/subscriptions/address';
import { timeZoneNames } from '../../../lambdas/subscriptions/preferences';
import { SignUpLimiter } from '../../../lambdas/subscriptions/signup-limits';
import { httpEvent } from '../../support/events';
import { memorySubscriptions } from '../../support/subscriptions';
import { MemoryWindowCounters } from '../../support/memory/subscriptions';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const post = (body: string, headers: Record<string, string> = FORM) => httpEvent('POST', '/subscribe', { headers, body });
const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};

describe('POST /subscribe (the site form)', () => {
  it('signs up like POST /subscriptions: pending subscriber with the guide, one confirmation email, the floor, the check-your-inbox page', async () => {
    const { api, store, mailer, waits, clock } = await memorySubscriptions();
    const res = await api(post(form({ email: 'Reader@Example.com', guides: 'medical-office-administrator', website: '' })));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(CHECK_INBOX_PAGE);
    expect(res.headers?.['cache-control']).toBe('no-store');
    expect(mailer.to('Reader@example.com')).toHaveLength(1);
    const stored = await store.get(subscriberId('reader@example.com'), clock.now);
    expect(stored?.status).toBe('pending');
    // The floor is the JSON route's: the use case waited out what was left of it.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(SUBSCRIPTION_LIMITS.signUpAnswerMs);
  });

  it('signs up with the more choices: levels, a salary floor typed with separators, its currency, remote only and a time zone from the list', async () => {
    const { api, store, clock } = await memorySubscriptions();
    const res = await api(
      post(form({ email: 'prefs@example.com', levels: ['Senior', 'Lead'], salaryMin: '90,000', salaryCurrency: 'eur', remoteOnly: 'yes', timeZone: 'Europe/Berlin' })),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(CHECK_INBOX_PAGE);
    const stored = await store.get(subscriberId('prefs@example.com'), clock.now);
    expect(stored?.preferences).toMatchObject({ levels: ['Senior', 'Lead'], salaryMin: 90_000, salaryCurrency: 'EUR', remoteOnly: true, timeZone: 'Europe/Berlin' });
    // Left empty, they are the defaults.
    await api(post(form({ email: 'plain@example.com', salaryMin: '', salaryCurrency: '', timeZone: '' })));
    expect((await store.get(subscriberId('plain@example.com'), clock.now))?.preferences).toMatchObject({
      levels: [],
      salaryMin: null,
      salaryCurrency: 'USD',
      remoteOnly: false,
      timeZone: null,
    });
  });

  it('offers the more choices closed on a fresh form, the runtime’s zones in the select', async () => {
    const { api } = await memorySubscriptions();
    const page = (await api(httpEvent('GET', '/subscribe', { headers: { accept: 'text/html' } }))).body as string;
    expect(page).toContain('<details class="more">');
    for (const level of JOB_LEVELS) expect(page).toContain(`name="levels" value="${level}"`);
    const zones = [...page.matchAll(/<option>([^<]+)<\/option>/g)].map((m) => m[1]);
    expect(zones).toEqual(timeZoneNames());
    expect(page).toContain('<input type="text" id="signup-salaryCurrency" name="salaryCurrency" value="USD"');
  });

  it('puts a bad salary, currency, level or time zone beside its field, with the details open and everything typed kept, and sends nothing', async () => {
    const { api, mailer } = await memorySubscriptions();
    const res = await api(post(form({ email: 'keep@example.com', levels: 'Senior', salaryMin: 'lots', salaryCurrency: 'USD', remoteOnly: 'yes', timeZone: 'Mars/Olympus' })));
    expect(res.statusCode).toBe(400);
    const page = res.body as string;
    expect(page).toContain('<details class="more" open>');
    expect(page).toMatch(/<span class="field-error" id="signup-salaryMin-error">Error: Enter the salary as a whole yearly amount[^<]*<\/span>\n<input type="text" inputmode="numeric" id="signup-salaryMin" name="salaryMin" value="lots"[^>]* aria-describedby="signup-salaryMin-hint signup-salaryMin-error" aria-invalid="true">/);
    expect(page).toContain('value="keep@example.com"');
    expect(page).toContain('id="signup-level-senior" name="levels" value="Senior" checked');
    expect(page).toContain('id="signup-remoteOnly" name="remoteOnly" value="yes" checked');
    // The schema's error comes first; with a valid salary, the use case names the zone.
    const zone = await api(post(form({ email: 'keep@example.com', salaryMin: '50000', salaryCurrency: 'XYZ', timeZone: 'Mars/Olympus' })));
    expect(zone.statusCode).toBe(400);
    expect(zone.body).toMatch(/<span class="field-error" id="signup-timeZone-error">Error: The time zone is not a known IANA time zone \(&quot;Mars\/Olympus&quot;\)[^<]*<\/span>\n<select id="signup-timeZone" name="timeZone" aria-describedby="signup-timeZone-hint signup-timeZone-error" aria-invalid="true">/);
    expect(zone.body).toContain('<span class="field-error" id="signup-salaryCurrency-error">Error: The currency must be an ISO 4217 currency code');
    expect(zone.body).toContain('name="salaryCurrency" value="XYZ"');
    expect(zone.body).toContain('name="salaryMin" value="50000"');
    const level = await api(post(form({ email: 'keep@example.com', levels: 'Wizard' })));
    expect(level.body).toContain('<span class="field-error" id="signup-levels-error">Error: The level must be one of Entry');
    expect(mailer.sent).toEqual([]);
  });

  it('answers new and pending addresses with the same bytes, naming neither', async () => {
    const { api, mailer } = await memorySubscriptions();
    const answers = new Set<string>();
    for (const email of ['a.one@example.com', 'a.one@example.com', 'b.two@example.com']) {
      const res = await api(post(form({ email })));
      answers.add(`${res.statusCode} ${JSON.stringify(res.headers)} ${res.body}`);
    }
    expect(answers.size).toBe(1);
    expect(mailer.sent).toHaveLength(3);
    expect([...answers][0]).not.toMatch(/a\.one|b\.two/);
  });

  it('re-renders the form on a bad address: 400, the error beside the field, the input kept (escaped), nothing sent', async () => {
    const { api, mailer } = await memorySubscriptions();
    const typed = '"><script>x</script>@example';
    const res = await api(post(form({ email: typed, guides: 'data-analyst' })));
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers?.['cache-control']).toBe('no-store');
    const page = res.body as string;
    // The error sits right after the label and before the input, which points to it.
    expect(page).toMatch(
      /<label for="signup-email">Email address<\/label>\n<span class="field-error" id="signup-email-error">Error: The email address [^<]+<\/span>\n<input type="email" id="signup-email" name="email" value="&quot;&gt;&lt;script&gt;x&lt;\/script&gt;@example"[^>]* aria-describedby="signup-email-error" aria-invalid="true">/,
    );
    expect(page).not.toContain('<script>x');
    expect(page).toContain('<option value="data-analyst" selected>Data Analyst</option>');
    expect(mailer.sent).toEqual([]);
  });

  it('says so when the address is missing, and shows an unknown guide beside the role', async () => {
    const { api } = await memorySubscriptions();
    const empty = await api(post(form({ email: '' })));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<span class="field-error" id="signup-email-error">Error: Enter your email address.</span>');
    const unknown = await api(post(form({ email: 'ok@example.com', guides: 'astronaut' })));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('<span class="field-error" id="signup-guide-error">Error: The role is not a published guide (&quot;astronaut&quot;).</span>');
    expect(unknown.body).toContain('value="ok@example.com"');
  });

  it('treats a filled honeypot as a bot: the same page after the same floor, nothing stored or sent', async () => {
    const { api, store, mailer, waits, clock } = await memorySubscriptions();
    const res = await api(post(form({ email: 'bot@example.com', website: 'http://spam.example' })));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(CHECK_INBOX_PAGE);
    expect(waits).toEqual([SUBSCRIPTION_LIMITS.signUpAnswerMs]);
    expect(mailer.sent).toEqual([]);
    expect(await store.get(subscriberId('bot@example.com'), clock.now)).toBeNull();
  });

  it('gives a huge body the 413 and a malformed form the 400 of the JSON route (as pages for browsers), never a 500', async () => {
    const { api } = await memorySubscriptions();
    const huge = await api(post(form({ email: 'x'.repeat(SUBSCRIPTION_LIMITS.bodyBytes) })));
    expect(huge.statusCode).toBe(413);
    expect(huge.headers?.['content-type']).toBe('text/html; charset=utf-8');
    const jsonHuge = await api(httpEvent('POST', '/subscriptions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x'.repeat(SUBSCRIPTION_LIMITS.bodyBytes) }) }));
    expect(jsonHuge.statusCode).toBe(413);
    for (const body of [form({ email: ['a@example.com', 'b@example.com'] }), form({ email: 'a@example.com', admin: 'true' }), form({ guides: Array.from({ length: 40 }, (_, i) => `g${i}`) })]) {
      const res = await api(post(body));
      expect(res.statusCode).toBe(400);
    }
    const problem = await api(post(form({ email: ['a@example.com', 'b@example.com'] }), { 'content-type': FORM['content-type'], accept: 'application/json' }));
    expect(problem.headers?.['content-type']).toBe('application/problem+json');
    const asJson = await api(post(JSON.stringify({ email: 'a@example.com' }), { 'content-type': 'application/json' }));
    expect(asJson.statusCode).toBe(415);
  });

  it('renders a 429 from the sign-up limits as a page with Retry-After', async () => {
    const { api, services } = await memorySubscriptions();
    services.signUpLimits = new SignUpLimiter(new MemoryWindowCounters(), { perClient: 1, confirmationEmails: 100 });
    expect((await api(post(form({ email: 'first@example.com' })))).statusCode).toBe(200);
    const limited = await api(post(form({ email: 'second@example.com' })));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(limited.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('<h1>Too many sign-ups</h1>');
  });

  it('serves the sign-up page, the home page with the form and Free vs Plus, robots.txt and the sitemap', async () => {
    const { api } = await memorySubscriptions();
    const signup = await api(httpEvent('GET', '/subscribe', { headers: { accept: 'text/html' } }));
    expect(signup.statusCode).toBe(200);
    expect(signup.body).toContain('<form method="post" action="/subscribe" novalidate>');
    const home = await api(httpEvent('GET', '/', { headers: { accept: 'text/html' } }));
    expect(home.statusCode).toBe(200);
    expect(home.headers?.['cache-control']).toMatch(/^public, /);
    expect(home.body).toContain('<form class="search" method="get" action="/guides"');
    expect(home.body).toContain('<h3 id="plan-free">Free</h3>');
    expect(home.body).toContain('<h3 id="plan-plus">Plus</h3>');
    expect(home.body).toContain('<option value="medical-office-administrator">Medical Office Administrator</option>');
    const again = await api(httpEvent('GET', '/', { headers: { 'if-none-match': home.headers?.etag as string } }));
    expect(again.statusCode).toBe(304);
    const robots = await api(httpEvent('GET', '/robots.txt'));
    expect(robots.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.body).toContain('Disallow: /subscriptions');
    const sitemap = await api(httpEvent('GET', '/sitemap.xml'));
    expect(sitemap.headers?.['content-type']).toBe('application/xml; charset=utf-8');
    expect([...(sitemap.body as string).matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1])).toEqual([
      '/',
      '/guides',
      '/guides/data-analyst',
      '/guides/medical-office-administrator',
    ]);
  });

  it('leaves the site routes out of /openapi.json (it describes the JSON API)', async () => {
    const { api } = await memorySubscriptions();
    const doc = JSON.parse((await api(httpEvent('GET', '/openapi.json'))).body as string) as { paths: Record<string, unknown> };
    for (const path of ['/', '/subscribe', '/sitemap.xml', '/robots.txt']) expect(doc.paths[path]).toBeUndefined();
    expect(doc.paths['/guides/{slug}']).toBeDefined();
  });
});
