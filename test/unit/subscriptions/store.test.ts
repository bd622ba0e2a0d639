import { subscriberStoreContract } from '../../support/subscriber-store-contract';
import { MemorySubscriberStore } from '../../support/memory/subscriptions';

const store = new MemorySubscriberStore();
subscriberStoreContract('memory', () => ({
  store,
  raw: async (id) => store.items.get(id),
  addDelivery: async (item) => {
    const id = item.subscriberId as string;
    store.deliveries.set(id, [...(store.deliveries.get(id) ?? []), item]);
  },
  deliveryCount: async (id) => store.deliveries.get(id)?.length ?? 0,
}));
