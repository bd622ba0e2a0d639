/** The subscriptions function's paths, as API Gateway's routes match them (exact paths and one {proxy+} prefix). */
import { servedBySubscriptions } from '../../../lambdas/app/paths';

it.each(['/subscriptions', '/subscriptions/confirm', '/subscriptions/manage', '/subscriptions/feed.rss', '/subscriptions/erase', '/subscribe', '/unsubscribe'])(
  '%s is the subscriptions function’s',
  (path) => {
    expect(servedBySubscriptions(path)).toBe(true);
  },
);

// `{proxy+}` needs at least one character after the slash; exact routes take nothing longer.
it.each(['/', '/subscriptionsX', '/subscriptions/', '/subscribed', '/subscribe/x', '/unsubscribe/x', '/unsubscribes', '/guides', '/plus', '/admin/subscribers/a/tier'])(
  '%s is not',
  (path) => {
    expect(servedBySubscriptions(path)).toBe(false);
  },
);
