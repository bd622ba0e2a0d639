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
  /** Longest path plus query string the API reads (414 beyond). */
  requestTargetChars: 8 * 1024,
  /** Largest request body any route reads (413 beyond); routes may set a smaller maxBodyBytes. */
  requestBodyBytes: 256 * 1024,
  /** Answers larger than this are compressed (br, else gzip) for clients that accept it; smaller ones gain too little. */
  compressMinBytes: 1024,
  /**
   * Current jobs an api instance keeps in memory to answer job lists without a Query (lambdas/jobs/cache.ts):
   * ~1 KB each, so at most ~20 MB. Beyond it, lists query DynamoDB as before.
   */
  cachedJobsMax: 20_000,
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
  /**
   * Redirects followed before the fetch is reported as failed: http(s) only, never https → http, and
   * only to public addresses (see lambdas/jobs/redirects.ts; the local stack also allows loopback).
   */
  maxRedirects: 5,
  /**
   * Deepest element nesting read in feed XML and description HTML. htmlparser2 keeps open elements in
   * an array it unshifts, so unbounded nesting costs quadratic time (100k nested tags: seconds).
   */
  maxElementDepth: 128,
  /**
   * Longest raw text of a short feed field read (id, title, company, geo, level, type, category, date,
   * salary amount, currency, period): longer values are cut to this before any parsing or regex runs,
   * so a hostile value costs the same bounded work as one of this length. Cleaned values are shorter
   * still (fieldChars); URLs are never cut, they are refused past urlChars.
   */
  fieldInputChars: 1_000,
  /** Longest salary free text read ("$60,000 – $80,000 per year" is 26); the rest is cut before parsing. */
  salaryTextChars: 200,
  /**
   * Longest description or excerpt HTML read: the excerpt is the first excerptChars of its text, and
   * 64 KiB of markup is far more than any real description puts before its first 300 characters.
   */
  htmlInputChars: 64 * 1024,
  /**
   * Values read from one list field (industries, types, categories; a comma-separated string is cut to
   * fieldInputChars before it is split); the rest are ignored. A job keeps at most 20 of each.
   */
  listItems: 50,
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

// ---------------------------------------------------------------------------------------------
// Alert digests (lambdas/alerts): planning, sending, the ledger.
// ---------------------------------------------------------------------------------------------
export const ALERT_LIMITS = {
  /** Jobs in one digest. */
  maxJobsPerDigest: 20,
  /** Subscriber ids in one SQS message; a sender invocation handles one message at a time. */
  subscribersPerMessage: 25,
  /** SendMessageBatch takes at most 10 entries. */
  sqsBatchEntries: 10,
  /**
   * A claim on a ledger item older than this is taken to be a dead sender's and may be re-claimed.
   * Shorter than the queue's visibility timeout, so a redelivered message finds it expired.
   */
  claimLeaseMs: 5 * 60_000,
  /**
   * Receives before a digest message goes to the dead-letter queue (the redrive policy). Only failures
   * count: a message deferred for SES (throttled, paused, a configuration error) on its last receive
   * but one is put back as a fresh copy instead, so waiting on SES never dead-letters it.
   */
  maxReceives: 5,
  /** A throttled message comes back after this × 2^(receives - 1) seconds (with jitter), at most the max. */
  throttleBackoffSeconds: 30,
  throttleBackoffMaxSeconds: 900,
  /**
   * SES sends nothing for the account (24-hour quota used up, sending paused): every message waits
   * this long before the next try. The quota is a rolling 24-hour window, so capacity comes back
   * gradually as the sends of a day ago age out: an hourly probe finds it.
   */
  pausedRetrySeconds: 3_600,
  /** A configuration error (the SES sandbox, an unverified identity): the message waits for the fix. */
  configurationRetrySeconds: 3_600,
  /** SQS's longest DelaySeconds, for the fresh copy of a deferred message. */
  requeueMaxDelaySeconds: 900,
  /** Share of the account's SES rate kept for confirmation and welcome emails; digests get the rest. */
  transactionalRateShare: 0.1,
  /** Share of the digests' rate that Plus senders get (its own queue); Free senders get the rest. */
  plusRateShare: 0.75,
  /**
   * Sends per second one sender instance makes at most: it sends one message's subscribers one after
   * another, and an SES call takes ~50-100 ms. More rate than this per tier means more instances.
   */
  senderInstanceMaxRate: 10,
  /**
   * Ledger items and run records are kept this long (DynamoDB TTL). Once a digest is sent, the
   * subscriber's watermark is past the period's cutoff and a late message of that period finds no
   * job newer than it: the ledger matters only for items that leave the watermark where it was
   * (empty, rejected) and for claims in flight. Those must outlast every copy of a message of their
   * period: 14 days in a digest queue, 14 in the dead-letter queue, 14 again after a replay
   * (start-message-move-task sends new messages), plus 3 days of margin.
   */
  ledgerTtlDays: 45,
  /** The planner hands over to a fresh invocation when less than this remains of its time. */
  plannerReserveMs: 60_000,
  /**
   * Keys per Query page of the audience index. Its items are keys only (~150 bytes), so 5,000 stay far
   * within a page's 1 MB: a day's hourly runs, one Query at least per zone, read a million subscribers
   * in fewer Queries than one run over 1,000-key pages did.
   */
  audiencePageSize: 5000,
  /** How far before the run a subscriber's window may start, in periods: bounds the job Query. */
  windowPeriods: 2,
} as const;

// ---------------------------------------------------------------------------------------------
// Subscriptions (lambdas/subscriptions): sign-up, tokens, preferences, the manage pages.
// ---------------------------------------------------------------------------------------------
export const SUBSCRIPTION_LIMITS = {
  /** A pending sign-up (and its confirmation link) lives this long (DynamoDB TTL; reads filter too). */
  pendingDays: 7,
  /** Confirmation emails per address in any rolling window of confirmationWindowHours. */
  confirmationEmails: 3,
  confirmationWindowHours: 24,
  /** Export and erase links minted by the manage page expire after this long. */
  pageTokenMinutes: 60,
  /** Manage links (welcome email, every digest) are honoured this long; each email carries fresh ones. */
  manageLinkDays: 30,
  /**
   * Unsubscribe links are honoured this long: well past the 60 days mail providers expect an
   * unsubscribe link to keep working, and every email carries a fresh one.
   */
  unsubscribeLinkDays: 180,
  /**
   * Private feed links (RSS, JSON Feed) are honoured this long: feed readers poll one URL for months,
   * and each manage page shows a fresh one. An erase revokes them like every other link.
   */
  feedLinkDays: 365,
  /** Jobs in a private feed at most: those of the latest digests, newest digest first. */
  feedJobs: 50,
  /** How long a feed reader (or a cache) may keep a private feed before asking again. */
  feedMaxAgeSeconds: 900,
  /** Token keys (Secrets Manager or the local key file) are re-read after this long. */
  tokenKeysCacheMs: 5 * 60_000,
  /** Preference lists: most items, longest item. */
  keywordsMax: 20,
  industriesMax: 10,
  geosMax: 10,
  jobTypesMax: 11,
  guidesMax: 20,
  levelsMax: 7,
  /** Highest yearly salary floor accepted (any currency). */
  salaryMinMax: 100_000_000,
  itemChars: 80,
  /** Largest form or JSON body the subscription routes read. */
  bodyBytes: 16 * 1024,
  /**
   * Every accepted sign-up is answered no sooner than this after it arrived. A new or pending address
   * costs an SES send that a confirmed, suppressed or rate-limited one does not; without a floor the
   * answer's timing would tell who is subscribed. Above SES's usual send latency (tens of ms).
   */
  signUpAnswerMs: 300,
} as const;

// ---------------------------------------------------------------------------------------------
// Sign-up abuse limits (lambdas/subscriptions/signup-limits.ts): fixed one-hour windows counted in
// the RateLimits table. Defaults; CDK context and the local stack set the env vars (SIGN_UP_ENV).
// ---------------------------------------------------------------------------------------------
export const SIGN_UP_LIMITS = {
  /** Sign-ups that cost a confirmation email, per client (source address; IPv6 by /64) per window. */
  perClientPerWindow: 20,
  /** Confirmation emails overall per window: beyond it every sign-up is a 429 and an alarm fires. */
  confirmationEmailsPerWindow: 500,
  /** The window. Fixed, aligned to the hour: its start is part of the counter's key. */
  windowSeconds: 3_600,
  /** Counters are deleted (TTL) this long after their window ends; reads ignore them from the end on. */
  keepSeconds: 3_600,
} as const;

// ---------------------------------------------------------------------------------------------
// The public site (lambdas/site, lambdas/guides/pages.ts): caching and what a page shows.
// ---------------------------------------------------------------------------------------------
export const SITE_LIMITS = {
  /** Seconds a browser keeps a public page (home, guide index, guide page). */
  pageMaxAgeSeconds: 300,
  /** Seconds a CDN keeps one (s-maxage); a guide page's jobs change at most hourly. */
  cdnMaxAgeSeconds: 600,
  /** Seconds a CDN may serve a stale page while it revalidates. */
  cdnStaleSeconds: 3_600,
  /** Current jobs listed on a guide page (the newest of GET /guides/{slug}/jobs). */
  guideJobs: 10,
  /** Seconds an instance keeps a guide page's jobs before it reads them again (jobs sync hourly). */
  guideJobsCacheSeconds: 60,
  /** Guides listed on the home page (the guide index lists them all). */
  homeGuides: 12,
} as const;
