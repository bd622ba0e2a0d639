/**
 * The public site's page shell: the home page, the guide pages and the sign-up pages share one
 * stylesheet (inline, allowed by its CSP hash), a header with the site's navigation, and headers that
 * let CDNs cache public pages. Nothing is fetched from anywhere: no fonts, scripts or images beyond
 * inline SVG, so a page is one request and the CSP can forbid everything else.
 */
import type { HttpProblem } from '../http/problems';
import type { Response } from '../http/router';
import { SITE_LIMITS } from '../shared/limits';
import { PRIVATE_HEADERS, SafeHtml, contentSecurityPolicy, html } from '../subscriptions/html';

export const SITE_STYLE = `
:root{color-scheme:light dark;--fg:#1b1f23;--bg:#fff;--soft:#f5f7f9;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--danger:#b3261e;--ok:#116329}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--soft:#161b22;--muted:#9da7b1;--line:#30363d;--accent:#58a6ff;--danger:#ff7b72;--ok:#3fb950}}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
.skip{position:absolute;left:-10000px;top:0}
.skip:focus{left:.5rem;top:.5rem;background:var(--bg);padding:.5rem;z-index:1}
header.site{border-bottom:1px solid var(--line)}
header.site nav{max-width:60rem;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1.25rem}
.brand{font-weight:700;font-size:1.2rem;text-decoration:none;color:var(--fg);margin-right:auto}
header.site ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
header.site a{display:inline-block;padding:.35rem 0}
main{max-width:60rem;margin:0 auto;padding:1rem 1rem 3rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.95rem}
footer.site p{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.9rem;line-height:1.2;margin:.75rem 0 .75rem}
h2{font-size:1.35rem;line-height:1.3;margin:2.25rem 0 .6rem;padding-top:1rem;border-top:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.25rem 0 .4rem}
p{margin:.5rem 0 1rem;max-width:48rem}
ul,ol{padding-left:1.4rem}
li{margin:.3rem 0}
a{color:var(--accent)}
.muted{color:var(--muted)}
.lead{font-size:1.15rem}
.crumbs{font-size:.95rem;margin:.5rem 0 0}
.crumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;padding:0;margin:0}
.crumbs li+li::before{content:"›";margin-right:.25rem;color:var(--muted)}
.cols{display:grid;gap:0 2rem}
@media (min-width:48rem){.cols{grid-template-columns:1fr 1fr}}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:1rem 0;padding:0}
.figures div{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
.figures dt{font-size:.9rem;color:var(--muted)}
.figures dd{margin:0;font-size:1.2rem;font-weight:700;overflow-wrap:anywhere}
figure{margin:1rem 0}
figcaption{font-weight:600;margin-bottom:.4rem}
svg.chart{display:block;width:100%;max-width:30rem;height:auto}
.chart .bar{fill:var(--accent)}
.chart .track{fill:var(--soft);stroke:var(--line)}
.chart text{fill:var(--fg);font:14px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.chart .amount{font-weight:700}
nav.toc ol{columns:2 12rem;padding-left:1.4rem}
nav.toc li{margin:.15rem 0;break-inside:avoid}
.card{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
.card h3{margin-top:.25rem}
.tiers{list-style:none;padding:0}
.day{list-style:none;padding:0}
.tag{display:inline-block;border:1px solid var(--line);border-radius:999px;padding:.05rem .6rem;margin:.15rem .1rem;font-size:.95rem}
ul.tags{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.35rem}
ul.tags li{margin:0}
.jobs{list-style:none;padding:0}
.jobs li{border-bottom:1px solid var(--line);padding:.6rem 0;margin:0}
.jobs .meta{color:var(--muted);font-size:.95rem;display:block}
details{border:1px solid var(--line);border-radius:8px;padding:.5rem .9rem;margin:.5rem 0}
summary{font-weight:600;cursor:pointer}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid var(--line);padding:.5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--line)}
.signup{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin:2rem 0}
.signup h2{border:0;margin-top:0;padding-top:0}
.signup button{display:block}
label{display:block;font-weight:600;margin:.9rem 0 .25rem}
.hint{display:block;font-weight:400;color:var(--muted);font-size:.95rem}
input[type=email],input[type=search],input[type=text],select{width:100%;max-width:28rem;font:inherit;padding:.55rem .7rem;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
input[aria-invalid=true],select[aria-invalid=true]{border:2px solid var(--danger)}
.field-error{display:block;color:var(--danger);font-weight:600;margin:.25rem 0}
.check{display:flex;gap:.6rem;align-items:flex-start;margin:.8rem 0}
.check input{width:1.25rem;height:1.25rem;margin:.2rem 0 0;flex:none}
.check label{display:inline;margin:0;font-weight:400}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.search label{margin:0 0 .25rem}
.search div{flex:0 1 28rem}
details.more{background:var(--bg);margin:1rem 0 .5rem;max-width:30rem}
fieldset{border:0;padding:0;margin:.9rem 0 0;min-width:0}
legend{font-weight:600;padding:0}
.checks{display:flex;flex-wrap:wrap;gap:0 1.25rem}
.checks .check{margin:.4rem 0}
.hp{display:none}
button{display:inline-block;font:inherit;font-weight:600;min-height:2.75rem;padding:.55rem 1.2rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;margin:.75rem 0 0}
@media (prefers-color-scheme:dark){button{color:#0d1117}}
.status{padding:.75rem 1rem;border-left:4px solid var(--ok);background:var(--soft);margin:1rem 0}
.error{padding:.75rem 1rem;border-left:4px solid var(--danger);background:var(--soft);margin:1rem 0}
.plans{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));margin:1rem 0}
.plans section{border:1px solid var(--line);border-radius:8px;padding:.25rem 1rem .5rem}
.plans h3{margin-top:.75rem}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
`.trim();

export const SITE_CSP = contentSecurityPolicy(SITE_STYLE);

const HTML_TYPE = 'text/html; charset=utf-8';

const SECURITY = {
  'content-security-policy': SITE_CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

/** Public pages (home, guides): the same for everyone, cached by browsers and CDNs. */
export function publicPageHeaders(maxAgeSeconds: number): Record<string, string> {
  return {
    ...SECURITY,
    'content-type': HTML_TYPE,
    'cache-control': `public, max-age=${maxAgeSeconds}, s-maxage=${SITE_LIMITS.cdnMaxAgeSeconds}, stale-while-revalidate=${SITE_LIMITS.cdnStaleSeconds}`,
  };
}

/** Pages that answer a form post or show what someone typed: never cached, never indexed. */
export const PRIVATE_PAGE_HEADERS: Record<string, string> = { ...SECURITY, ...PRIVATE_HEADERS, 'content-type': HTML_TYPE };

export interface PageOptions {
  title: string;
  /** The meta description (search results); default: none. */
  description?: string;
  /** Absolute URL of this page, when the site's URL is known. */
  canonical?: string;
  /** JSON-LD documents for the head (schema.org). */
  structuredData?: readonly object[];
  /** Pages that must not be indexed (form answers, errors). */
  noindex?: boolean;
  /** The whole <main>, h1 included. */
  main: SafeHtml;
}

/**
 * JSON inside a <script> element: `<` is escaped so no value can close the element (`</script>`) or
 * open a comment; U+2028/2029 so the text stays valid JavaScript for any consumer that evaluates it.
 */
export function jsonLd(value: object): SafeHtml {
  const json = JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return new SafeHtml(`<script type="application/ld+json">${json}</script>`);
}

export function sitePage(options: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
${options.description !== undefined ? html`<meta name="description" content="${options.description}">` : ''}
${options.noindex === true ? html`<meta name="robots" content="noindex">` : ''}
${options.canonical !== undefined ? html`<link rel="canonical" href="${options.canonical}">` : ''}
<link rel="icon" href="data:,">
<style>${new SafeHtml(SITE_STYLE)}</style>
${(options.structuredData ?? []).map(jsonLd)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<nav aria-label="Site">
<a class="brand" href="/">careerwire</a>
<ul>
<li><a href="/guides">Career guides</a></li>
<li><a href="/subscribe">Job alerts</a></li>
<li><a href="/plus">Plus</a></li>
</ul>
</nav>
</header>
<main id="main">
${options.main}
</main>
<footer class="site"><p>careerwire: career guides and job alerts. Free subscribers get a weekly digest, Plus subscribers a daily one.</p></footer>
</body>
</html>
`.value;
}

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Something in that request was wrong',
  404: 'Page not found',
  405: 'That page can’t do that',
  413: 'That was too much',
  414: 'That address is too long',
  415: 'That request was in an unexpected form',
  429: 'Too many sign-ups',
  503: 'Please try again in a moment',
};

/** A problem as a site page, for browsers: same status, the detail and any field errors, escaped. */
export function siteProblemPage(problem: HttpProblem): Response {
  const doc = problem.toDocument();
  const title = PROBLEM_TITLES[problem.status] ?? 'Something went wrong';
  return {
    status: problem.status,
    headers: { ...PRIVATE_PAGE_HEADERS },
    raw: sitePage({
      title: `${title} · careerwire`,
      noindex: true,
      main: html`<h1>${title}</h1>
<p class="error" role="alert">${doc.detail ?? doc.title}</p>
${doc.errors === undefined ? '' : html`<ul>${doc.errors.map((e) => html`<li><strong>${e.field.replace(/^\//, '')}</strong> ${e.message}</li>`)}</ul>`}
<p><a href="/">careerwire home</a> · <a href="/guides">all career guides</a></p>`,
    }),
  };
}
