/**
 * Which paths the subscriptions function serves: API Gateway routes `ANY /subscriptions`,
 * `ANY /subscriptions/{proxy+}`, `ANY /subscribe` and `ANY /unsubscribe` to it (lib/stacks/api-stack.ts),
 * and the local gateway routes by servedBySubscriptions, so both agree on every path.
 */
import { SIGN_UP_FORM_PATH } from '../site/paths';

/** Paths matched whole (API Gateway's `ANY /path`): `/subscriptionsX` is not one of them. */
export const SUBSCRIPTION_PATHS = ['/subscriptions', SIGN_UP_FORM_PATH, '/unsubscribe'] as const;

/** The prefix of `ANY /subscriptions/{proxy+}`: the token links, the feeds, export and erase. */
export const SUBSCRIPTION_PATH_PREFIX = '/subscriptions/';

export function servedBySubscriptions(path: string): boolean {
  return SUBSCRIPTION_PATHS.some((p) => p === path) || (path.startsWith(SUBSCRIPTION_PATH_PREFIX) && path.length > SUBSCRIPTION_PATH_PREFIX.length);
}
