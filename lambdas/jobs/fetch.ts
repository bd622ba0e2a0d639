/**
 * fetchFeed: one feed over HTTP(S), politely and within bounds. Never throws.
 *
 * - Conditional GET: If-None-Match / If-Modified-Since from the previous response → `not-modified` on 304.
 * - A timeout per attempt (AbortSignal.timeout) covering headers and body.
 * - Retries with capped exponential backoff and jitter on network errors, timeouts, 429 and 5xx;
 *   Retry-After (seconds or HTTP date) is honoured, and one longer than FEED_LIMITS.retryAfterMaxMs
 *   ends the attempts (the hourly schedule comes back later). Other 4xx are not retried.
 * - The body is read as a stream and the read aborted once it passes maxBytes (decoded bytes, so a
 *   compressed bomb is caught too); a Content-Length above the limit fails before reading.
 * - Redirects are followed by hand (redirect: 'manual'), at most FEED_LIMITS.maxRedirects, so a loop is
 *   reported instead of followed forever; and only where the redirect policy allows (redirects.ts:
 *   http(s), never https → http, public addresses only unless the policy allows more). A refused
 *   redirect fails the feed with the reason; it is not retried.
 * - No credential reaches a reason: URLs in them are redacted (redactUrl).
 * - The body is decoded with the charset of the Content-Type, else of the XML declaration, else UTF-8.
 */
import { FEED_LIMITS } from '../shared/limits';
import { refuseRedirect, type RedirectPolicy } from './redirects';

export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

export type FetchFeedResult =
  | { kind: 'not-modified'; attempts: number }
  | {
      kind: 'ok';
      body: string;
      /** The response's Content-Type ("" when absent). */
      contentType: string;
      etag?: string;
      lastModified?: string;
      status: number;
      /** The URL the body came from, after redirects. */
      url: string;
      attempts: number;
    }
  | { kind: 'failed'; reason: string; status?: number; attempts: number };

export interface FetchFeedOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  /** Retries after the first attempt. */
  retries?: number;
  maxRedirects?: number;
  /** Where redirects may lead (default: public http(s) addresses only). */
  redirects?: RedirectPolicy;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  retryAfterMaxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter source (tests pass a fixed one). */
  random?: () => number;
  userAgent?: string;
}

const ACCEPT = 'application/json, application/rss+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';
const DEFAULT_USER_AGENT = 'careerwire-job-sync/1.0 (+hourly; conditional GET)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One attempt's outcome; `retry` says whether another attempt may help. */
type Attempt =
  | { done: FetchFeedResult }
  | { retry: true; reason: string; status?: number; retryAfterMs?: number };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function fetchFeed(
  feed: { name: string; url: string },
  previous: FeedValidators | undefined,
  options: FetchFeedOptions = {},
): Promise<FetchFeedResult> {
  const retries = Math.max(0, options.retries ?? FEED_LIMITS.retries);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const base = options.backoffBaseMs ?? FEED_LIMITS.backoffBaseMs;
  const cap = options.backoffMaxMs ?? FEED_LIMITS.backoffMaxMs;
  const retryAfterMax = options.retryAfterMaxMs ?? FEED_LIMITS.retryAfterMaxMs;

  let attempts = 0;
  try {
    const start = httpUrl(feed.url);
    if (start === null) return { kind: 'failed', reason: `feed URL must be http(s): "${clip(redactUrl(feed.url))}"`, attempts };
    for (;;) {
      attempts++;
      const outcome = await attempt(start, previous, options);
      if ('done' in outcome) return withAttempts(outcome.done, attempts);
      if (attempts > retries) {
        const reason = `${outcome.reason} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`;
        return outcome.status !== undefined
          ? { kind: 'failed', reason, status: outcome.status, attempts }
          : { kind: 'failed', reason, attempts };
      }
      // Full exponential, capped, with "equal jitter": between half and all of the step.
      const step = Math.min(cap, base * 2 ** (attempts - 1));
      let wait = step / 2 + random() * (step / 2);
      if (outcome.retryAfterMs !== undefined) {
        if (outcome.retryAfterMs > retryAfterMax) {
          const reason = `${outcome.reason}; Retry-After ${Math.ceil(outcome.retryAfterMs / 1000)}s is longer than ${Math.ceil(retryAfterMax / 1000)}s (after ${attempts} attempt${attempts === 1 ? '' : 's'})`;
          return outcome.status !== undefined
            ? { kind: 'failed', reason, status: outcome.status, attempts }
            : { kind: 'failed', reason, attempts };
        }
        wait = Math.max(wait, outcome.retryAfterMs);
      }
      await sleep(Math.round(wait));
    }
  } catch (error) {
    // Defensive: attempt() handles its own errors.
    return { kind: 'failed', reason: `unexpected error: ${describe(error)}`, attempts };
  }
}

function withAttempts(result: FetchFeedResult, attempts: number): FetchFeedResult {
  return { ...result, attempts };
}

async function attempt(start: URL, previous: FeedValidators | undefined, options: FetchFeedOptions): Promise<Attempt> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? FEED_LIMITS.timeoutMs;
  const maxBytes = options.maxBytes ?? FEED_LIMITS.maxBodyBytes;
  const maxRedirects = options.maxRedirects ?? FEED_LIMITS.maxRedirects;
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = {
    accept: ACCEPT,
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
  };
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;

  let url = start;
  let response: Response;
  try {
    for (let redirects = 0; ; redirects++) {
      response = await doFetch(url.href, { method: 'GET', headers, redirect: 'manual', signal });
      if (!REDIRECTS.has(response.status)) break;
      await discard(response);
      if (redirects >= maxRedirects) {
        return { done: { kind: 'failed', reason: `too many redirects (more than ${maxRedirects})`, status: response.status, attempts: 0 } };
      }
      const location = response.headers.get('location');
      if (!location) {
        return { done: { kind: 'failed', reason: `HTTP ${response.status} redirect without a Location`, status: response.status, attempts: 0 } };
      }
      const next = httpUrl(location, url);
      if (next === null) {
        return { done: { kind: 'failed', reason: `redirect to a non-http(s) URL: "${clip(redactUrl(location))}"`, status: response.status, attempts: 0 } };
      }
      const refused = await untilAborted(refuseRedirect(url, next, options.redirects), signal);
      if (refused !== null) {
        const reason = `redirect to "${clip(redactUrl(next.href))}" refused: ${refused}`;
        return { done: { kind: 'failed', reason, status: response.status, attempts: 0 } };
      }
      url = next;
    }
  } catch (error) {
    return { retry: true, reason: networkReason(error, timeoutMs) };
  }

  const status = response.status;
  if (status === 304) {
    await discard(response);
    return { done: { kind: 'not-modified', attempts: 0 } };
  }
  if (status === 429 || status >= 500) {
    await discard(response);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const reason = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return retryAfterMs === undefined ? { retry: true, reason, status } : { retry: true, reason, status, retryAfterMs };
  }
  if (status < 200 || status > 299) {
    await discard(response);
    return { done: { kind: 'failed', reason: `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`, status, attempts: 0 } };
  }

  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discard(response);
    return { done: { kind: 'failed', reason: `body larger than ${maxBytes} bytes (Content-Length ${declared})`, status, attempts: 0 } };
  }
  const read = await readBody(response, maxBytes);
  if (read.kind === 'too-large') {
    return { done: { kind: 'failed', reason: `body larger than ${maxBytes} bytes`, status, attempts: 0 } };
  }
  if (read.kind === 'error') return { retry: true, reason: `reading the body: ${networkReason(read.error, timeoutMs)}`, status };

  const contentType = response.headers.get('content-type') ?? '';
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return {
    done: {
      kind: 'ok',
      body: decode(read.bytes, contentType),
      contentType,
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
      status,
      url: url.href,
      attempts: 0,
    },
  };
}

type BodyRead = { kind: 'ok'; bytes: Uint8Array } | { kind: 'too-large' } | { kind: 'error'; error: unknown };

async function readBody(response: Response, maxBytes: number): Promise<BodyRead> {
  if (response.body === null) return { kind: 'ok', bytes: new Uint8Array(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    return { kind: 'error', error };
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'ok', bytes };
}

/** `work`, or the signal's reason once it aborts (a host name lookup takes no signal of its own). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Let go of a response we do not read, so its connection can be reused or closed. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // already closed
  }
}

function decode(bytes: Uint8Array, contentType: string): string {
  let charset = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType)?.[1];
  if (charset === undefined) {
    const head = String.fromCharCode(...bytes.subarray(0, 256));
    charset = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head.replace(/^\ufeff|^\u00ef\u00bb\u00bf/, ''))?.[1];
  }
  const label = (charset ?? 'utf-8').toLowerCase();
  // WHATWG: these labels all mean windows-1252, which Node 20's TextDecoder decodes as ISO-8859-1.
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const WINDOWS_1252_LABELS = new Set([
  'windows-1252', 'cp1252', 'x-cp1252', 'latin1', 'l1', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'iso88591',
  'iso-ir-100', 'csisolatin1', 'ibm819', 'cp819', 'us-ascii', 'ascii', 'ansi_x3.4-1968',
]);
/** windows-1252 code points of bytes 0x80–0x9F (0 = undefined, kept as the C1 control like browsers do). */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b));
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Milliseconds from a Retry-After value (delta-seconds or HTTP date); undefined when absent or invalid. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * A URL fit for a log line: scheme, host and path, without user info, query or fragment (feed URLs may
 * carry board keys in any of them); "?…" marks a dropped query. A URL without a host (mailto:,
 * javascript:…) keeps only its scheme, and text that is not a URL gives a placeholder: nothing in
 * them can be told safe.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '(not a URL)';
  }
  if (!SPECIAL_SCHEMES.has(url.protocol)) return `${url.protocol}…`;
  const query = url.search !== '';
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return query ? `${url.href}?…` : url.href;
}

/** Schemes whose URLs have a host and a path (WHATWG "special" schemes). */
const SPECIAL_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

function httpUrl(raw: string, base?: URL): URL | null {
  try {
    const url = new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  if (e?.name === 'TimeoutError' || (e?.name === 'AbortError' && /timeout/i.test(String(e.message)))) {
    return `timed out after ${timeoutMs} ms`;
  }
  const code = e?.cause?.code;
  const detail = code ?? e?.cause?.message ?? e?.message ?? String(error);
  return `network error: ${detail}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
