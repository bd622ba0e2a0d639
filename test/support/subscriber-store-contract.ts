/**
 * The SubscriberStore contract, run against MemorySubscriberStore (unit) and DynamoSubscriberStore on
 * dynalite (integration), so the fake used by unit tests behaves like the real thing.
 */
import { subscriberId } from '../../lambdas/subscriptions/address';
import type { SubscriberStore } from '../../lambdas/subscriptions/store';
import type { Preferences } from '../../lambdas/subscriptions/subscriber';
import { alertShard } from '../../lambdas/subscriptions/tiers';
import { emptyPreferences } from './preferences';

export interface StoreHarness {
  store: SubscriberStore;
  /** The raw stored item (to check alertShard, expiresAt, slots), or undefined. */
  raw(id: string): Promise<Record<string, unknown> | undefined>;
  /** Puts a DeliveriesTable item, as the alert engine would. */
  addDelivery(item: Record<string, unknown>): Promise<void>;
  deliveryCount(id: string): Promise<number>;
}

const prefs = (keywords: string[] = []): Preferences => ({ ...emptyPreferences(), keywords });
const T0 = new Date('2026-11-27T12:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

export function subscriberStoreContract(name: string, harness: () => StoreHarness): void {
  describe(`${name}: SubscriberStore contract`, () => {
    let n = 0;
    const fresh = () => {
      const email = `contract-${name.replace(/\W/g, '')}-${++n}@example.com`;
      return { id: subscriberId(email), email };
    };

    it('creates a pending free subscriber that expires after 7 days', async () => {
      const { store, raw } = harness();
      const s = fresh();
      expect(await store.register({ ...s, preferences: prefs(['nurse']) }, T0)).toBe('created');
      const got = await store.get(s.id, T0);
      expect(got).toMatchObject({ id: s.id, email: s.email, status: 'pending', tier: 'free', suppressed: null, confirmedAt: null, lastDigestAt: null });
      expect(got?.preferences.keywords).toEqual(['nurse']);
      const item = await raw(s.id);
      expect(item?.expiresAt).toBe(Math.floor(T0.getTime() / 1000) + 7 * 86_400);
      expect(item?.alertShard).toBeUndefined();
      // Past its expiry it is gone for every read, TTL deletion or not, and a new sign-up starts over.
      expect(await store.get(s.id, at(7 * 24))).toBeNull();
      expect(await store.register({ ...s, preferences: prefs() }, at(7 * 24))).toBe('created');
    });

    it('keeps each sign-up\'s preferences in its slot, applied only by a confirmation of that slot; leaves a confirmed one alone', async () => {
      const { store, raw } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs(['a']) }, T0);
      const first = await store.reserveConfirmationEmail(s.id, prefs(['a']), T0);
      expect(await store.register({ ...s, preferences: prefs(['b']) }, at(1))).toBe('refreshed');
      const second = await store.reserveConfirmationEmail(s.id, prefs(['b']), at(1));
      expect((await store.get(s.id, at(1)))?.preferences.keywords).toEqual(['a']);
      expect((await raw(s.id))?.expiresAt).toBe(Math.floor(at(1).getTime() / 1000) + 7 * 86_400);
      const linkSecret = first?.linkSecret as string;
      expect(second?.linkSecret).toBe(linkSecret);
      // The second email's link: its slot, its second.
      const out = await store.confirm(s.id, at(2), { linkSecret, sent: { slot: second?.slot as number, at: Math.floor(at(1).getTime() / 1000) } });
      expect(out?.subscriber.preferences.keywords).toEqual(['b']);
      expect(Object.keys((await raw(s.id)) ?? {}).filter((k) => k.startsWith('confirmPrefs'))).toEqual([]);
      expect(await store.register({ ...s, preferences: prefs(['attacker']) }, at(3))).toBe('confirmed');
      expect((await store.get(s.id, at(3)))?.preferences.keywords).toEqual(['b']);
    });

    it('confirms with the live preferences when the slot of the link was taken again since', async () => {
      const { store } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs(['mine']) }, T0);
      const slot = await store.reserveConfirmationEmail(s.id, prefs(['mine']), T0);
      const link = { linkSecret: slot?.linkSecret as string, sent: { slot: slot?.slot as number, at: Math.floor(T0.getTime() / 1000) - 1 } };
      expect((await store.confirm(s.id, at(1), link))?.subscriber.preferences.keywords).toEqual(['mine']);
    });

    it('gives every new item its own random link secret, and a new one after an erase', async () => {
      const { store } = harness();
      const s = fresh();
      const t = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      await store.register({ ...t, preferences: prefs() }, T0);
      const secret = (await store.get(s.id, T0))?.linkSecret as string;
      expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect((await store.get(t.id, T0))?.linkSecret).not.toBe(secret);
      await store.erase(s.id);
      await store.register({ ...s, preferences: prefs() }, at(1));
      expect((await store.get(s.id, at(1)))?.linkSecret).not.toBe(secret);
    });

    it('makes no write a link guard refuses: another secret, or none on an item without one', async () => {
      const { store, raw } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs(['kept']) }, T0);
      const linkSecret = (await store.get(s.id, T0))?.linkSecret as string;
      const wrong = { linkSecret: 'A'.repeat(22) };
      const before = structuredClone(await raw(s.id));
      expect(await store.confirm(s.id, at(1), wrong)).toBeNull();
      expect(await store.confirm(s.id, at(1), { linkSecret: '' })).toBeNull();
      expect(await store.updatePreferences(s.id, prefs(['x']), at(1), wrong)).toBeNull();
      expect(await store.unsubscribe(s.id, at(1), wrong)).toBeNull();
      expect(await store.erase(s.id, wrong)).toEqual({ subscriber: false, deliveries: 0 });
      expect(await raw(s.id)).toEqual(before);
      expect((await store.confirm(s.id, at(1), { linkSecret }))?.changed).toBe(true);
      expect((await store.updatePreferences(s.id, prefs(['x']), at(2), { linkSecret }))?.preferences.keywords).toEqual(['x']);
      expect((await store.unsubscribe(s.id, at(3), { linkSecret }))?.status).toBe('unsubscribed');
      expect(await store.erase(s.id, { linkSecret })).toEqual({ subscriber: true, deliveries: 0 });
      expect(await store.erase(s.id, { linkSecret })).toEqual({ subscriber: false, deliveries: 0 });
    });

    it('gives at most 3 confirmation slots in any 24 hours, and frees them after', async () => {
      const { store } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      const first = await Promise.all(Array.from({ length: 20 }, () => store.reserveConfirmationEmail(s.id, prefs(), T0)));
      expect(first.flatMap((x) => (x === null ? [] : [x.slot])).sort()).toEqual([0, 1, 2]);
      expect(await store.reserveConfirmationEmail(s.id, prefs(), at(23.9))).toBeNull();
      expect(await store.reserveConfirmationEmail(s.id, prefs(), at(24))).not.toBeNull();
      expect(await store.reserveConfirmationEmail(s.id, prefs(), at(24))).not.toBeNull();
      expect(await store.reserveConfirmationEmail(s.id, prefs(), at(24))).not.toBeNull();
      expect(await store.reserveConfirmationEmail(s.id, prefs(), at(24))).toBeNull();
    });

    it('gives a slot back after a failed send, and none to a confirmed or unknown subscriber', async () => {
      const { store } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      const slots = [await store.reserveConfirmationEmail(s.id, prefs(), T0), await store.reserveConfirmationEmail(s.id, prefs(), T0), await store.reserveConfirmationEmail(s.id, prefs(), T0)];
      await store.releaseConfirmationEmail(s.id, slots[2]?.slot as number, T0);
      expect(await store.reserveConfirmationEmail(s.id, prefs(), T0)).toEqual(slots[2]);
      const c = fresh();
      await store.register({ ...c, preferences: prefs() }, T0);
      await store.confirm(c.id, T0);
      expect(await store.reserveConfirmationEmail(c.id, prefs(), T0)).toBeNull();
      expect(await store.reserveConfirmationEmail(fresh().id, prefs(), T0)).toBeNull();
    });

    it('confirms once (idempotent), setting alertShard and dropping the expiry', async () => {
      const { store, raw } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      const first = await store.confirm(s.id, at(1));
      expect(first?.changed).toBe(true);
      expect(first?.subscriber).toMatchObject({ status: 'confirmed', confirmedAt: at(1).toISOString() });
      const second = await store.confirm(s.id, at(2));
      expect(second?.changed).toBe(false);
      expect(second?.subscriber.confirmedAt).toBe(at(1).toISOString());
      const item = await raw(s.id);
      expect(item?.alertShard).toBe(alertShard(s.id, 'free'));
      expect(item?.expiresAt).toBeUndefined();
      expect(await store.get(s.id, at(24 * 365))).not.toBeNull();
      expect(await store.confirm(fresh().id, T0)).toBeNull();
    });

    it('unsubscribes at once (alertShard gone), idempotently, and a re-confirmation restores it', async () => {
      const { store, raw } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      await store.confirm(s.id, T0);
      const out = await store.unsubscribe(s.id, at(1));
      expect(out).toMatchObject({ status: 'unsubscribed', unsubscribedAt: at(1).toISOString() });
      expect((await raw(s.id))?.alertShard).toBeUndefined();
      expect((await store.unsubscribe(s.id, at(2)))?.unsubscribedAt).toBe(at(1).toISOString());
      expect(await store.register({ ...s, preferences: prefs(['again']) }, at(3))).toBe('refreshed');
      expect((await store.get(s.id, at(3)))?.preferences.keywords).toEqual([]);
      expect(await store.reserveConfirmationEmail(s.id, prefs(), at(3))).not.toBeNull();
      expect((await store.confirm(s.id, at(4)))?.changed).toBe(true);
      expect((await raw(s.id))?.alertShard).toBe(alertShard(s.id, 'free'));
      expect(await store.unsubscribe(fresh().id, T0)).toBeNull();
    });

    it('moves alertShard with the tier only while the subscriber receives alerts', async () => {
      const { store, raw } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      const pending = await store.setTier(s.id, 'plus', T0);
      expect(pending).toMatchObject({ previousTier: 'free', subscriber: { tier: 'plus', tierChangedAt: T0.toISOString() } });
      expect((await raw(s.id))?.alertShard).toBeUndefined();
      await store.confirm(s.id, at(1));
      expect((await raw(s.id))?.alertShard).toBe(alertShard(s.id, 'plus'));
      await store.setTier(s.id, 'free', at(2));
      expect((await raw(s.id))?.alertShard).toBe(alertShard(s.id, 'free'));
      const same = await store.setTier(s.id, 'free', at(3));
      expect(same?.subscriber.tierChangedAt).toBe(at(2).toISOString());
      await store.unsubscribe(s.id, at(4));
      await store.setTier(s.id, 'plus', at(5));
      expect((await raw(s.id))?.alertShard).toBeUndefined();
      expect(await store.setTier(fresh().id, 'plus', T0)).toBeNull();
    });

    it('moves alertShard with the time zone at once, in both tiers, and keeps none while not receiving alerts', async () => {
      const { store, raw } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: { ...prefs(), timeZone: 'Europe/Berlin' } }, T0);
      await store.confirm(s.id, at(1));
      expect((await raw(s.id))?.alertShard).toBe('free#Europe/Berlin');
      await store.updatePreferences(s.id, { ...prefs(), timeZone: 'America/New_York' }, at(2));
      expect((await raw(s.id))?.alertShard).toBe('free#America/New_York');
      await store.setTier(s.id, 'plus', at(3));
      expect((await raw(s.id))?.alertShard).toBe('plus#America/New_York');
      await store.updatePreferences(s.id, { ...prefs(), timeZone: null }, at(4));
      expect((await raw(s.id))?.alertShard).toBe(alertShard(s.id, 'plus'));
      await store.unsubscribe(s.id, at(5));
      await store.updatePreferences(s.id, { ...prefs(), timeZone: 'Asia/Tokyo' }, at(6));
      expect((await raw(s.id))?.alertShard).toBeUndefined();
    });

    it('suppresses for good: alertShard dropped, no confirmation, confirm and tier changes never restore it', async () => {
      const { store, raw } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      await store.confirm(s.id, T0);
      expect(await store.suppress(s.id, 'complaint', at(1))).toBe(true);
      expect(await store.suppress(s.id, 'bounce', at(2))).toBe(true);
      const got = await store.get(s.id, at(2));
      expect(got).toMatchObject({ suppressed: 'complaint', suppressedAt: at(1).toISOString() });
      expect((await raw(s.id))?.alertShard).toBeUndefined();
      await store.setTier(s.id, 'plus', at(3));
      expect((await raw(s.id))?.alertShard).toBeUndefined();
      expect(await store.register({ ...s, preferences: prefs() }, at(4))).toBe('suppressed');
      const p = fresh();
      await store.register({ ...p, preferences: prefs() }, T0);
      await store.suppress(p.id, 'bounce', T0);
      expect(await store.reserveConfirmationEmail(p.id, prefs(), T0)).toBeNull();
      expect((await store.confirm(p.id, T0))?.changed).toBe(true);
      expect((await raw(p.id))?.alertShard).toBeUndefined();
      expect(await store.suppress(fresh().id, 'bounce', T0)).toBe(false);
    });

    it('counts transient bounces', async () => {
      const { store } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      expect(await store.countTransientBounce(s.id, at(1))).toBe(true);
      expect(await store.countTransientBounce(s.id, at(2))).toBe(true);
      expect(await store.get(s.id, at(2))).toMatchObject({ transientBounces: 2, lastTransientBounceAt: at(2).toISOString(), suppressed: null });
      expect(await store.countTransientBounce(fresh().id, T0)).toBe(false);
    });

    it('updates preferences of a live subscriber only', async () => {
      const { store } = harness();
      const s = fresh();
      await store.register({ ...s, preferences: prefs() }, T0);
      expect((await store.updatePreferences(s.id, prefs(['x']), at(1)))?.preferences.keywords).toEqual(['x']);
      expect(await store.updatePreferences(s.id, prefs(['y']), at(24 * 8))).toBeNull();
      expect(await store.updatePreferences(fresh().id, prefs(), T0)).toBeNull();
    });

    it('exports the item and every delivery, and erases both (idempotently)', async () => {
      const { store, raw, addDelivery, deliveryCount } = harness();
      const s = fresh();
      const other = fresh();
      await store.register({ ...s, preferences: prefs(['x']) }, T0);
      await store.confirm(s.id, T0);
      for (let week = 1; week <= 30; week++) {
        await addDelivery({ subscriberId: s.id, period: `2026-W${String(week).padStart(2, '0')}`, status: 'sent', jobIds: ['board:1'] });
      }
      await addDelivery({ subscriberId: other.id, period: '2026-W01', status: 'sent' });
      const data = await store.exportData(s.id, T0);
      expect(data.subscriber).toMatchObject({ id: s.id, email: s.email, status: 'confirmed' });
      expect(data.deliveries).toHaveLength(30);
      expect(data.deliveries[0]).toMatchObject({ subscriberId: s.id, period: '2026-W01', jobIds: ['board:1'] });

      expect(await store.erase(s.id)).toEqual({ subscriber: true, deliveries: 30 });
      expect(await raw(s.id)).toBeUndefined();
      expect(await deliveryCount(s.id)).toBe(0);
      expect(await deliveryCount(other.id)).toBe(1);
      expect(await store.erase(s.id)).toEqual({ subscriber: false, deliveries: 0 });
      expect(await store.exportData(s.id, T0)).toEqual({ subscriber: null, deliveries: [] });
    });
  });
}
