import { MemorySubscriberStore } from '../../../lambdas/subscriptions/store';
import { subscriberStoreContract } from '../../support/subscriber-store-contract';

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
