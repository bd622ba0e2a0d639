/**
 * The metrics the functions emit with Powertools (`metrics.addMetric`), by function: namespace
 * `careerwire` and dimension `service` = the function's POWERTOOLS_SERVICE_NAME (CareerwireFunction
 * `serviceMetric()` builds them). The names are the ones in lambdas/; an infra test checks that every
 * name here still appears in its function's source.
 */
export const APP_METRICS = {
  /** lambdas/app/ingest.ts, per S3 event batch. */
  ingest: { written: 'GuidesWritten', removed: 'GuidesRemoved', failed: 'GuidesFailed' },
  /** lambdas/app/job-sync.ts, once per hourly run (0 included). */
  jobSync: { written: 'JobsWritten', skipped: 'JobsSkipped', feedsFailed: 'FeedsFailed' },
  /** lambdas/alerts/handlers.ts (senderHandler), per queue message of 25 subscribers. */
  digestSender: {
    sent: 'DigestsSent',
    skipped: 'DigestsSkipped',
    failed: 'DigestsFailed',
    retried: 'DigestMessagesRetried',
    /** SES throttling answers (each defers its message whole). */
    sesThrottled: 'SesThrottled',
    /** Messages deferred because SES sends nothing for the account (quota used up, sending paused). */
    deferredPaused: 'DigestsDeferredPaused',
    /** Messages deferred for a configuration error (the SES sandbox, an unverified identity). */
    deferredConfiguration: 'DigestsDeferredConfiguration',
    deferredThrottled: 'DigestsDeferredThrottled',
    /** Digests sent per tier (the heartbeats). */
    plusSent: 'PlusDigestsSent',
    freeSent: 'FreeDigestsSent',
  },
  /** lambdas/app/subscriptions.ts, per sign-up a limit turned away (the ceiling is alarmed). */
  subscriptions: { signUpsLimited: 'SignUpsLimited', signUpCeilingReached: 'SignUpCeilingReached' },
} as const;
