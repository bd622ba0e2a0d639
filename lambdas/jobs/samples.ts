/**
 * The sample feeds in content/jobs/ (see its README): names, kinds and the anchor their dates were
 * written around. The local stack serves them with `shiftFeedDates(body, kind, SAMPLE_FEED_ANCHOR, now)`.
 * No file access here: readers join `file` to the content directory themselves.
 */
export const SAMPLE_FEED_ANCHOR = new Date('2026-11-27T00:00:00.000Z');

export interface SampleFeed {
  /** Feed name (the jobs' `source`). */
  name: string;
  /** File name under content/jobs/. */
  file: string;
  kind: 'json' | 'rss';
  contentType: string;
}

export const SAMPLE_FEEDS: readonly SampleFeed[] = [
  { name: 'sample-remote-jobs', file: 'remote-jobs.json', kind: 'json', contentType: 'application/json; charset=utf-8' },
  { name: 'sample-rss', file: 'jobs.rss', kind: 'rss', contentType: 'application/rss+xml; charset=utf-8' },
];
