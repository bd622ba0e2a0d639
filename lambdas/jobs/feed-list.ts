/**
 * The job feed list of JOB_FEEDS (job-sync, the local stack). Apart from the feed parsers, so a
 * function that reads its configuration (lambdas/app/config.ts) does not load them.
 */
import { ConfigError } from '../shared/env';
import { redactUrl } from './fetch';
import { sha256Hex } from './hash';

export interface FeedConfig {
  /** Stable name: the `source` of its jobs and the first part of their ids. */
  name: string;
  url: string;
}

/** Longest feed name: it is the first part of every job id of the feed. */
const NAME_CHARS = 64;
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * A feed name from its URL alone: host (no port, no "www.") and path, extension included (so a board's
 * jobs.json and jobs.rss differ), as a slug; a query adds a hash of itself, never its text (it may hold
 * a key, and names appear in job ids and logs). It depends on nothing else in the list, so adding,
 * removing or reordering feeds never renames one (names are part of job ids), and it is stable when
 * the port changes. A slug cut to the length limit ends in a hash of the URL.
 */
export function feedNameFromUrl(url: string): string {
  let text = url;
  let query = '';
  try {
    const u = new URL(url);
    text = `${u.hostname.replace(/^www\./, '')}${u.pathname}`;
    query = u.search;
  } catch {
    // Not a URL (parseFeedList refuses those first): a slug of the text.
  }
  const base = slug(text) || 'feed';
  const suffix = query === '' ? '' : `-${sha256Hex(query).slice(0, 8)}`;
  if (base.length + suffix.length <= NAME_CHARS) return base + suffix;
  return `${base.slice(0, NAME_CHARS - 9).replace(/-+$/, '')}-${sha256Hex(text + query).slice(0, 8)}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The feed list of `JOB_FEEDS`: comma-separated entries, each a URL or `name=URL`. Names must be
 * [a-z0-9-]; without one, the name comes from the URL (feedNameFromUrl). A wrong list throws a
 * ConfigError of one line that names the entry and says how to fix it: configuration errors fail fast.
 */
export function parseFeedList(value: string): FeedConfig[] {
  const feeds: FeedConfig[] = [];
  const urls = new Map<string, string>();
  const fail = (message: string): never => {
    throw new ConfigError(`JOB_FEEDS: ${message}`);
  };
  for (const entry of value.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const eq = entry.indexOf('=');
    const hasName = eq > 0 && !entry.slice(0, eq).includes('/');
    const url = hasName ? entry.slice(eq + 1).trim() : entry;
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      fail(`"${url.slice(0, 200)}" is not a URL; write each feed as https://host/path or name=https://host/path, separated by commas`);
    }
    if (parsed === null) continue;
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(`"${redactUrl(url)}" is not http(s); use an http or https URL`);
    const name = hasName ? entry.slice(0, eq).trim() : feedNameFromUrl(parsed.href);
    if (!NAME_PATTERN.test(name)) fail(`bad feed name "${name.slice(0, 80)}": use 1-64 of a-z, 0-9 and -, starting with a letter or digit`);
    const earlier = urls.get(name);
    if (earlier === parsed.href) fail(`${redactUrl(parsed.href)} is listed twice; remove one`);
    if (earlier !== undefined) fail(`feed name "${name}" is used twice (${redactUrl(earlier)} and ${redactUrl(parsed.href)}); give one another name: other-name=URL`);
    urls.set(name, parsed.href);
    feeds.push({ name, url: parsed.href });
  }
  return feeds;
}
