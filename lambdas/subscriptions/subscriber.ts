/** A job-alert subscriber, as stored. The address is personal data: it never appears in a log line. */
export type Tier = 'free' | 'plus';
export const TIERS: readonly Tier[] = ['free', 'plus'];

/**
 * pending: signed up, not yet confirmed (expires after 7 days); confirmed: gets digests;
 * unsubscribed: left (kept so a re-sign-up needs a new confirmation). Suppression (bounce, complaint)
 * is separate and stronger: no email of any kind, whatever the status.
 */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

export interface Preferences {
  keywords: string[];
  industries: string[];
  geos: string[];
  jobTypes: string[];
  /** Guide slugs: jobs linked to these career guides. */
  guides: string[];
  /** Job levels (Entry, Mid, Senior…): jobs at these come first; jobs with no stated level still come. */
  levels: string[];
  /** Yearly salary floor in salaryCurrency; null: none. Jobs stating no salary (or another currency) still come, after. */
  salaryMin: number | null;
  /** ISO 4217; USD unless chosen. */
  salaryCurrency: string;
  /** Only jobs open to remote work (Job.remote). */
  remoteOnly: boolean;
  /** IANA time zone: digests arrive at 07:00 there, periods are its local days and weeks; null: the default zone (digestTimezone). */
  timeZone: string | null;
}

export interface Subscriber {
  /**
   * The table key: derived from the normalised address (see subscriberId), so a re-sign-up finds the
   * same item. Anyone with the address can recompute it: it appears in no token, no log line.
   */
  id: string;
  /**
   * Random, per item: every link carries it (encrypted) and is honoured only while it matches, so an
   * erase revokes every link and a new sign-up gets new ones. Absent on items written before links
   * carried it (their links carry the empty secret).
   */
  linkSecret?: string;
  email: string;
  status: SubscriberStatus;
  tier: Tier;
  preferences: Preferences;
  createdAt: string;
  confirmedAt: string | null;
  updatedAt: string;
  /** Set by a permanent bounce or a complaint: nothing is ever sent again. */
  suppressed: 'bounce' | 'complaint' | null;
  /**
   * Watermark of the alert digests: jobs posted at or before it have been considered for this
   * subscriber. Set by the sender when a digest (or an empty period) is recorded; null before the first.
   */
  lastDigestAt: string | null;
}
