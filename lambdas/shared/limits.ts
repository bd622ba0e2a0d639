/** Limits and tunables shared by the functions, the local stack and the tests. */
export const LIMITS = {
  /** Largest guide source file accepted, in bytes. The seed is ~35 KB. */
  guideFileBytes: 512 * 1024,
  /** DynamoDB BatchWriteItem / BatchGetItem maxima. */
  batchWriteItems: 25,
  batchGetItems: 100,
  /** Retries of UnprocessedItems / throttled calls before a batch is reported as failed. */
  batchRetries: 8,
  /** Page size bounds of list endpoints. */
  pageDefault: 20,
  pageMax: 100,
  /** Longest accepted free-text query. */
  queryMaxLength: 200,
  /** Seconds clients and CDNs may cache a guide. */
  guideMaxAgeSeconds: 300,
} as const;

// ---------------------------------------------------------------------------------------------
// Job feeds (lambdas/jobs): fetching, parsing and normalising. Shared by the job-sync function,
// the local stack, the tests and the bench.
// ---------------------------------------------------------------------------------------------
export const FEED_LIMITS = {
  /** Per attempt, headers and body together. */
  timeoutMs: 15_000,
  /** Largest (decoded) feed body accepted; the read is aborted past it. */
  maxBodyBytes: 5 * 1024 * 1024,
  /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx. */
  retries: 2,
  /** Capped exponential backoff with jitter: base × 2^attempt, at most backoffMaxMs. */
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  /** A Retry-After longer than this makes the fetch give up (the hourly schedule retries). */
  retryAfterMaxMs: 30_000,
  /** Redirects followed (http/https only) before the fetch is reported as failed. */
  maxRedirects: 5,
  /** Longest plain-text excerpt, "…" included. */
  excerptChars: 300,
  /** Longest title, company, industry, tag or geo kept (cut on a word boundary). */
  fieldChars: 200,
  /** Longest URL kept (apply URL, logo). */
  urlChars: 2_048,
  /** Items read from one feed; the rest are reported as skipped in one entry. */
  maxItemsPerFeed: 2_000,
  /** How far in the future a posted date may be (clock skew, zone mistakes) before the item is skipped. */
  futureToleranceMs: 24 * 60 * 60 * 1000,
  /** Yearly salaries above this (or ≤ 0) are treated as data errors: the salary is dropped, not the job. */
  maxYearlySalary: 10_000_000,
  /** Jobs expire this many days after they were posted (DynamoDB TTL; reads filter too). */
  jobTtlDays: 60,
} as const;
