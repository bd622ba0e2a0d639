/**
 * A subscriber's private feed: the jobs of their latest digests (at most SUBSCRIPTION_LIMITS.feedJobs,
 * newest digest first), as RSS 2.0 or JSON Feed 1.1, for feed readers. The URL carries a `feed`
 * token, revoked with the subscriber's other links. The body depends only on the jobs, so its hash is
 * a strong ETag and a reader that polls often mostly gets 304s.
 */
import type { Job } from '../jobs/job';
import { sha256Hex } from '../jobs/hash';
import { escapeHtml } from '../shared/html';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';

/** The job ids of the latest sent digests, newest first, each once, at most `limit`. */
export function feedJobIds(deliveries: readonly Record<string, unknown>[], limit: number = SUBSCRIPTION_LIMITS.feedJobs): string[] {
  const sent = deliveries
    .filter((d) => d.status === 'sent' && Array.isArray(d.jobIds))
    .map((d) => ({ at: typeof d.finishedAt === 'string' ? d.finishedAt : typeof d.sentAt === 'string' ? d.sentAt : '', ids: d.jobIds as unknown[] }))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { ids } of sent) {
    for (const id of ids) {
      if (typeof id !== 'string' || seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export interface FeedDocument {
  body: string;
  contentType: string;
  etag: string;
}

const TITLE = 'careerwire: your job alerts';
const DESCRIPTION = 'The jobs of your latest careerwire job-alert digests.';

// The HTML escaper's references (&amp; &lt; &gt; &quot; &#39; &#96;) are XML's too. XML 1.0 cannot
// carry most control characters, even escaped.
const xmlText = (text: string): string => escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));

const heading = (job: Job): string => `${job.title} at ${job.company}`;
const document = (body: string, contentType: string): FeedDocument => ({ body, contentType, etag: `"${sha256Hex(body).slice(0, 32)}"` });

/** RSS 2.0. `siteUrl`: the public base URL; `selfUrl`: this feed's own URL (atom:link rel=self). */
export function rssFeed(jobs: readonly Job[], siteUrl: string, selfUrl: string): FeedDocument {
  const items = jobs.map(
    (job) => `<item>
<title>${xmlText(heading(job))}</title>
<link>${xmlText(job.url)}</link>
<guid isPermaLink="false">${xmlText(job.id)}</guid>
<pubDate>${new Date(job.postedAt).toUTCString()}</pubDate>
<description>${xmlText(job.excerpt)}</description>
${[job.geo, ...job.types, ...(job.level !== null ? [job.level] : [])].map((c) => `<category>${xmlText(c)}</category>`).join('')}
</item>`,
  );
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${xmlText(TITLE)}</title>
<link>${xmlText(siteUrl)}/</link>
<description>${xmlText(DESCRIPTION)}</description>
<atom:link href="${xmlText(selfUrl)}" rel="self" type="application/rss+xml"/>
${items.join('\n')}
</channel>
</rss>
`;
  return document(body, 'application/rss+xml; charset=utf-8');
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function jsonFeed(jobs: readonly Job[], siteUrl: string, selfUrl: string): FeedDocument {
  const body = JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: TITLE,
    description: DESCRIPTION,
    home_page_url: `${siteUrl}/`,
    feed_url: selfUrl,
    items: jobs.map((job) => ({
      id: job.id,
      url: job.url,
      title: heading(job),
      content_text: job.excerpt === '' ? heading(job) : job.excerpt,
      date_published: job.postedAt,
      tags: [job.geo, ...job.types, ...(job.level !== null ? [job.level] : [])],
    })),
  });
  return document(body, 'application/feed+json; charset=utf-8');
}

/** Whether an If-None-Match header names this ETag (a list, weak forms and * included). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
