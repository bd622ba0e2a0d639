/** Preferences for tests: none set, as a sign-up without any gets them. */
import { DEFAULT_CURRENCY } from '../../lambdas/subscriptions/preferences';
import type { Preferences } from '../../lambdas/subscriptions/subscriber';

export const emptyPreferences = (): Preferences => ({
  keywords: [],
  industries: [],
  geos: [],
  jobTypes: [],
  guides: [],
  levels: [],
  salaryMin: null,
  salaryCurrency: DEFAULT_CURRENCY,
  remoteOnly: false,
  timeZone: null,
});
