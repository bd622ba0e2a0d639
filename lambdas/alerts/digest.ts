/** The content of one digest email, independent of how it is rendered. */
import type { Tier } from '../subscriptions/subscriber';

export interface DigestGuide {
  slug: string;
  title: string;
  /** Absolute URL of the guide (the API's GET /guides/{slug} or a site page). */
  url: string;
  growthRatePercent: number | null;
  currency: string | null;
  medianSalary: number | null;
  salaryByLevel: { level: string; amount: number }[];
}

export interface DigestJob {
  id: string;
  title: string;
  company: string;
  /** The apply URL (http/https, from the feed). */
  url: string;
  geo: string;
  types: string[];
  level: string | null;
  /** Human text such as "USD 42,000–52,000 a year", or null. */
  salaryText: string | null;
  postedAt: string;
  excerpt: string;
  /** Slug of the job's career guide, when it has one (see Digest.guides). */
  guideSlug: string | null;
}

export interface Digest {
  tier: Tier;
  /** e.g. "Friday 27 November 2026" (Plus) or "the week of 23 November 2026" (Free). */
  periodLabel: string;
  /** Most relevant first, at most 20. */
  jobs: DigestJob[];
  /** The career guides of the digest's jobs, each once, in order of first appearance. */
  guides: DigestGuide[];
  manageUrl: string;
  /** The one-click unsubscribe URL (also in the List-Unsubscribe header). */
  unsubscribeUrl: string;
  /** Where a Free subscriber can learn about Plus (daily digests); shown only on Free digests. */
  upgradeUrl: string;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}
