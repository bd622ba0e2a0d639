/** A job as careerwire stores and serves it, whatever feed it came from. */
export type SalaryPeriod = 'year' | 'month' | 'week' | 'day' | 'hour';

export interface JobSalary {
  /** Yearly amounts when the period is known; otherwise the amounts as given. */
  min: number | null;
  max: number | null;
  currency: string;
  /** 'year' once normalised; null when the feed did not say and the amounts were kept as given. */
  period: 'year' | null;
  /** The period the feed gave, before normalisation. */
  sourcePeriod: SalaryPeriod | null;
}

export interface Job {
  /** Stable across syncs: `${source}:${sourceId}`. */
  id: string;
  /** The feed's configured name. */
  source: string;
  sourceId: string;
  title: string;
  company: string;
  companyLogo: string | null;
  industries: string[];
  /** Lower-case kebab: full-time, part-time, contract, internship, temporary, freelance... */
  types: string[];
  /** "Anywhere" for fully remote without restriction, kept distinct from a named region. */
  geo: string;
  /**
   * Open to remote work, as the feed says: geo "Anywhere", a remote job type or location, or "Remote"
   * in the title. Absent on jobs stored before the flag (read as false until their next sync).
   */
  remote: boolean;
  /** Entry, Mid, Senior, Lead... or null when the feed does not say. */
  level: string | null;
  salary: JobSalary | null;
  /** ISO 8601 UTC. */
  postedAt: string;
  /** Plain text, at most a few hundred characters, made from the feed's HTML. */
  excerpt: string;
  /** The apply URL (http or https only). */
  url: string;
  tags: string[];
  /** The career guide of the job's role, when one exists. */
  guideSlug: string | null;
  /** sha256 of the normalised content, so an unchanged job costs no write. */
  contentHash: string;
}
