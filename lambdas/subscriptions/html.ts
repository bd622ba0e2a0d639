/**
 * Server-rendered HTML for the subscription pages: an escaping template tag (every interpolated value
 * is escaped unless it is already SafeHtml), one small stylesheet allowed by its CSP hash, and the
 * headers every page gets: a strict Content-Security-Policy (no script at all, forms only to this
 * origin, no framing), no-referrer (tokens are in the URLs), no-store.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../shared/html';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\`` escapes text; nested html`` fragments and arrays of them are kept. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] as string;
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] as string);
  });
  return new SafeHtml(out);
}

export const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f23;--bg:#fff;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--danger:#b3261e;--ok:#116329}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9da7b1;--line:#30363d;--accent:#58a6ff;--danger:#ff7b72;--ok:#3fb950}}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-top:1rem;border-top:1px solid var(--line)}
p{margin:.5rem 0 1rem}
a{color:var(--accent)}
.muted{color:var(--muted)}
.status{padding:.75rem 1rem;border-left:4px solid var(--ok);background:color-mix(in srgb,var(--ok) 10%,transparent);margin:1rem 0}
.error{padding:.75rem 1rem;border-left:4px solid var(--danger);background:color-mix(in srgb,var(--danger) 10%,transparent);margin:1rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{display:block;font-weight:400;color:var(--muted);font-size:.95rem}
input[type=text],textarea{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
textarea{min-height:4.5rem}
fieldset{border:1px solid var(--line);border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.check{display:flex;gap:.6rem;align-items:flex-start;margin:.6rem 0}
.check input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none}
.check label{display:inline;margin:0;font-weight:400}
.checks{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));column-gap:1rem}
button,.button{display:inline-block;font:inherit;font-weight:600;min-height:2.75rem;padding:.6rem 1.2rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;margin:.5rem 0}
button.secondary,.button.secondary{background:transparent;color:var(--accent)}
button.danger{background:var(--danger);border-color:var(--danger)}
ul.actions{list-style:none;padding:0}
ul.actions li{margin:.5rem 0}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
`.trim();

/**
 * The policy of a page whose only inline content is `style`: no script anywhere (JSON-LD blocks are
 * data, never run), the stylesheet by hash, forms post only to this origin, never framed.
 */
export function contentSecurityPolicy(style: string): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`,
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(STYLE);

/** Headers of every response that carries a token or personal data (pages and JSON alike). */
export const PRIVATE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
} as const;

export const PAGE_HEADERS = {
  ...PRIVATE_HEADERS,
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
} as const;

/** A whole page: lang, viewport for phones, one h1 (the title), the stylesheet. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${title} · careerwire</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.value;
}
