/**
 * Absolute links with signed tokens, for pages and emails. The alert engine uses subscriberLinks and
 * listUnsubscribeHeaders for every digest (manage link, visible unsubscribe link, RFC 8058 headers).
 */
import { ConfigError } from '../shared/env';
import type { Subscriber } from './subscriber';
import type { TokenKeyProvider } from './token-keys';
import { signToken, verifyToken, type TokenPurpose, type TokenSubject, type VerifiedToken } from './tokens';

/** What links to a subscriber are about: their id and the item's current link secret. */
export function linkSubject(subscriber: Pick<Subscriber, 'id' | 'linkSecret'>): TokenSubject {
  return { subscriberId: subscriber.id, linkSecret: subscriber.linkSecret ?? '' };
}

/** Signs and verifies with the keys of the moment (current signs; current and previous verify). */
export class TokenService {
  constructor(private readonly keys: TokenKeyProvider) {}
  async sign(purpose: TokenPurpose, subject: TokenSubject, now: Date): Promise<string> {
    return signToken(await this.keys(), purpose, subject, now);
  }
  async verify(token: string, purpose: TokenPurpose, now: Date): Promise<VerifiedToken> {
    return verifyToken(await this.keys(), token, purpose, now);
  }
}

/** Route paths of the links (the routes in routes.ts serve exactly these). */
export const LINK_PATHS: Record<TokenPurpose, string> = {
  confirm: '/subscriptions/confirm',
  manage: '/subscriptions/manage',
  unsubscribe: '/unsubscribe',
  export: '/subscriptions/export',
  /** DELETE (the API); the manage page's no-JavaScript form posts to ERASE_FORM_PATH instead. */
  erase: '/subscriptions',
  /** The private feed as RSS 2.0; FEED_JSON_PATH serves the same jobs as JSON Feed 1.1. */
  feed: '/subscriptions/feed.rss',
};

/** The private feed as JSON Feed 1.1 (the same token as the RSS link). */
export const FEED_JSON_PATH = '/subscriptions/feed.json';

/** The erase form's target: HTML forms cannot send DELETE. */
export const ERASE_FORM_PATH = '/subscriptions/erase';

/**
 * Validates PUBLIC_BASE_URL: absolute, no query or fragment, and https unless it points at this
 * machine (the local stack). Trailing slashes are dropped.
 */
export function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_BASE_URL is not an absolute URL: "${raw}"`);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ConfigError('PUBLIC_BASE_URL must be https (http only for localhost)');
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError('PUBLIC_BASE_URL must not have a query, fragment or credentials');
  }
  return url.toString().replace(/\/+$/, '');
}

export class LinkBuilder {
  constructor(
    readonly baseUrl: string,
    private readonly tokens: TokenService,
  ) {}

  url(purpose: TokenPurpose, token: string): string {
    return `${this.baseUrl}${LINK_PATHS[purpose]}?token=${encodeURIComponent(token)}`;
  }

  /** The private feed as JSON Feed (the RSS link is url('feed', token)). */
  jsonFeedUrl(feedToken: string): string {
    return `${this.baseUrl}${FEED_JSON_PATH}?token=${encodeURIComponent(feedToken)}`;
  }

  async link(purpose: TokenPurpose, subject: TokenSubject, now: Date): Promise<string> {
    return this.url(purpose, await this.tokens.sign(purpose, subject, now));
  }

  /** The two links every email to a subscriber carries, fresh for each email (they expire). */
  async subscriberLinks(subscriber: Pick<Subscriber, 'id' | 'linkSecret'>, now: Date): Promise<{ manageUrl: string; unsubscribeUrl: string }> {
    const subject = linkSubject(subscriber);
    const [manageUrl, unsubscribeUrl] = await Promise.all([this.link('manage', subject, now), this.link('unsubscribe', subject, now)]);
    return { manageUrl, unsubscribeUrl };
  }
}

/** RFC 8058 one-click unsubscribe headers (RFC 2369 List-Unsubscribe with an https URI). */
export function listUnsubscribeHeaders(unsubscribeUrl: string): { name: string; value: string }[] {
  return [
    { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ];
}
