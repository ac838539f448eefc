import { OpenedEventStore } from '../create-event-store';
import { connectEventStoreDb } from './eventstoredb-connection';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EventStoreDbSnapshotStore } from './eventstoredb-snapshot-store';

/** The event and snapshot stores on the EventStoreDB at url (EVENTSTORE_URL), checked to answer. */
export async function openEventStoreDb(url: string): Promise<OpenedEventStore> {
  const client = await connectEventStoreDb(url);
  const eventStore = new EventStoreDbEventStore(client);
  return {
    eventStore,
    snapshotStore: new EventStoreDbSnapshotStore(client),
    async close() {
      await eventStore.close();
      await client.dispose();
    },
  };
}
