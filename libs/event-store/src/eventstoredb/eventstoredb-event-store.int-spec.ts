import { createEventStore, OpenedEventStore, verifyChain } from '@okr/event-store';
import { describeWithDependency, eventStoreContract, EVENTSTOREDB, newTestEvent, uniqueStreamId } from '@okr/testing';
import { createServer, Socket } from 'node:net';
import { connectEventStoreDb } from './eventstoredb-connection';

describeWithDependency('EventStoreDB event store', EVENTSTOREDB, (url) => {
  eventStoreContract('EventStoreDB', () => createEventStore({ kind: 'eventstoredb', url }));

  describe('beside the contract', () => {
    let store: OpenedEventStore;
    beforeAll(async () => {
      store = await createEventStore({ kind: 'eventstoredb', url });
    });
    afterAll(() => store?.close());

    it('keeps the hash chain across appends with expectedVersion any', async () => {
      const stream = uniqueStreamId();
      await Promise.all([1, 2, 3, 4].map((n) => store.eventStore.appendToStream(stream, [newTestEvent('Any', { n })], { expectedVersion: 'any' })));
      const events = await store.eventStore.readStream(stream);
      expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      expect(verifyChain(events)).toEqual({ ok: true, verified: 4 });
    });

    it('leaves checkpoints and snapshots out of readAll', async () => {
      const start = (await store.eventStore.readAll({ limit: 1_000_000 })).at(-1)?.globalPosition ?? 0;
      const stream = uniqueStreamId();
      await store.snapshotStore.save({ streamId: stream, version: 1, schema: 'thing@1', state: {} });
      const subscription = store.eventStore.subscribe({ subscriptionId: uniqueStreamId('subscription'), fromPosition: start, handle: async () => undefined });
      await store.eventStore.appendToStream(stream, [newTestEvent('Visible')], { expectedVersion: 0 });
      await subscription.caughtUp();
      await subscription.stop();
      expect((await store.eventStore.readAll({ fromPosition: start })).map((e) => e.type)).toEqual(['Visible']);
    });

    it('is caught up at once when resumed at a checkpoint with nothing after it', async () => {
      const id = uniqueStreamId('subscription');
      const types = [`H-${id}`];
      await store.eventStore.appendToStream(uniqueStreamId(), [newTestEvent(types[0])], { expectedVersion: 0 });
      const handled: string[] = [];
      const first = store.eventStore.subscribe({ subscriptionId: id, types, handle: async (e) => void handled.push(e.type) });
      await first.caughtUp();
      await first.stop();
      const resumed = store.eventStore.subscribe({ subscriptionId: id, types, handle: async (e) => void handled.push(e.type) });
      await resumed.caughtUp();
      await resumed.stop();
      expect(handled).toEqual(types);
    });
  });
});

describe('an EventStoreDB that does not answer', () => {
  it('fails to open, naming EVENTSTORE_URL', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const server = createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    await new Promise((resolve) => server.close(resolve));
    await expect(createEventStore({ kind: 'eventstoredb', url: `esdb://127.0.0.1:${port}?tls=false` })).rejects.toThrow(
      new RegExp(`^EventStoreDB at EVENTSTORE_URL esdb://127\\.0\\.0\\.1:${port}\\?tls=false did not answer: .*UNAVAILABLE`),
    );
  });

  it('gives up on a server that takes the connection and never answers, naming EVENTSTORE_URL', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => void sockets.add(socket));
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    try {
      await expect(connectEventStoreDb(`esdb://127.0.0.1:${port}?tls=false`, { answerWithinMs: 300 })).rejects.toThrow(
        `EventStoreDB at EVENTSTORE_URL esdb://127.0.0.1:${port}?tls=false did not answer: no answer within 300 ms`,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
