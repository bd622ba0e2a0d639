/** The private feed: RSS 2.0 and JSON Feed 1.1 of the jobs of a subscriber's latest digests. */
import type { Job } from '../../../lambdas/jobs/job';
import { subscriberId } from '../../../lambdas/subscriptions/address';
import { feedJobIds, jsonFeed, rssFeed } from '../../../lambdas/subscriptions/feed';
import { SUBSCRIPTION_LIMITS } from '../../../lambdas/shared/limits';
import { httpEvent, json } from '../../support/events';
import { BASE_URL, memorySubscriptions } from '../../support/subscriptions';
import { syntheticJobs } from '../../support/synthetic';

type Setup = Awaited<ReturnType<typeof memorySubscriptions>>;
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

async function subscribed(s: Setup, email: string): Promise<{ feed: string; jsonFeed: string; erase: string }> {
  await s.api(httpEvent('POST', '/subscriptions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) }));
  const mail = s.mailer.to(email).filter((m) => m.tags?.kind === 'confirmation').at(-1);
  const confirm = mail?.text.match(/https:\/\/\S+\/subscriptions\/confirm\?token=\S+/)?.[0] as string;
  const confirmed = json(await s.api(httpEvent('GET', pathOf(confirm), { headers: { accept: 'application/json' } }))) as { links: { manage: string } };
  const manage = json(await s.api(httpEvent('GET', pathOf(confirmed.links.manage), { headers: { accept: 'application/json' } }))) as {
    links: { feed: string; jsonFeed: string; erase: string };
  };
  return manage.links;
}

describe('feedJobIds', () => {
  it('takes sent digests newest first, each job once, at most the limit', () => {
    const deliveries = [
      { status: 'sent', finishedAt: '2026-11-25T07:00:00Z', jobIds: ['b', 'c'] },
      { status: 'rejected', finishedAt: '2026-11-27T07:00:00Z', jobIds: ['x'] },
      { status: 'sent', finishedAt: '2026-11-26T07:00:00Z', jobIds: ['a', 'b'] },
    ];
    expect(feedJobIds(deliveries)).toEqual(['a', 'b', 'c']);
    expect(feedJobIds(deliveries, 2)).toEqual(['a', 'b']);
    const many = Array.from({ length: 10 }, (_, d) => ({ status: 'sent', finishedAt: `2026-11-${10 + d}T07:00:00Z`, jobIds: Array.from({ length: 20 }, (_, j) => `d${d}-${j}`) }));
    const ids = feedJobIds(many);
    expect(ids).toHaveLength(SUBSCRIPTION_LIMITS.feedJobs);
    expect(ids[0]).toBe('d9-0');
  });
});

describe('feed documents', () => {
  const hostile = { ...(syntheticJobs(1, 3)[0] as Job), title: 'Nurse <script>&</script>', company: 'A & "B"', excerpt: 'x\u0001y' };
  it('escapes everything in RSS and keeps XML 1.0 characters only', () => {
    const doc = rssFeed([hostile], BASE_URL, `${BASE_URL}/subscriptions/feed.rss?token=t`);
    expect(doc.body).toContain('<title>Nurse &lt;script&gt;&amp;&lt;/script&gt; at A &amp; &quot;B&quot;</title>');
    expect(doc.body).not.toContain('\u0001');
    expect(doc.contentType).toMatch(/^application\/rss\+xml/);
  });
  it('is a JSON Feed 1.1 document', () => {
    const doc = JSON.parse(jsonFeed([hostile], BASE_URL, 'self').body) as { version: string; items: { id: string; title: string }[] };
    expect(doc.version).toBe('https://jsonfeed.org/version/1.1');
    expect(doc.items[0]).toMatchObject({ id: hostile.id, title: 'Nurse <script>&</script> at A & "B"' });
  });
});

describe('GET /subscriptions/feed.rss and feed.json', () => {
  it('serves the jobs of the latest digests with Cache-Control and an ETag, 304 on a match, and stops after an erase', async () => {
    const s = await memorySubscriptions();
    const links = await subscribed(s, 'reader@example.com');
    const [older, newer, gone] = syntheticJobs(3, 5, s.clock.now.getTime() - 3_600_000, 3_600_000) as [Job, Job, Job];
    await s.jobs.putAll([older, newer]);
    s.store.deliveries.set(subscriberId('reader@example.com'), [
      { status: 'sent', period: '2026-W47', finishedAt: '2026-11-20T07:00:00Z', jobIds: [older.id, gone.id] },
      { status: 'sent', period: '2026-W48', finishedAt: '2026-11-27T07:00:00Z', jobIds: [newer.id] },
    ]);

    const rss = await s.api(httpEvent('GET', pathOf(links.feed)));
    expect(rss.statusCode).toBe(200);
    expect(rss.headers?.['content-type']).toMatch(/^application\/rss\+xml/);
    expect(rss.headers?.['cache-control']).toBe(`private, max-age=${SUBSCRIPTION_LIMITS.feedMaxAgeSeconds}`);
    const etag = rss.headers?.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const guids = [...(rss.body as string).matchAll(/<guid isPermaLink="false">([^<]+)<\/guid>/g)].map((m) => m[1]);
    expect(guids).toEqual([newer.id, older.id]); // the newest digest first; a job no longer stored (expired) drops out

    const again = await s.api(httpEvent('GET', pathOf(links.feed), { headers: { 'if-none-match': etag } }));
    expect(again.statusCode).toBe(304);
    expect(again.headers?.etag).toBe(etag);

    const feed = json(await s.api(httpEvent('GET', pathOf(links.jsonFeed)))) as { items: { id: string }[] };
    expect(feed.items.map((i) => i.id)).toEqual([newer.id, older.id]);

    // A manage token is not a feed token.
    const wrong = await s.api(httpEvent('GET', pathOf(links.feed).replace(/token=[^&]+/, `token=${encodeURIComponent(new URL(links.erase).searchParams.get('token') as string)}`)));
    expect(wrong.statusCode).toBe(403);

    await s.api(httpEvent('DELETE', pathOf(links.erase)));
    expect((await s.api(httpEvent('GET', pathOf(links.feed)))).statusCode).toBe(404);
    expect((await s.api(httpEvent('GET', pathOf(links.jsonFeed)))).statusCode).toBe(404);
  });
});
