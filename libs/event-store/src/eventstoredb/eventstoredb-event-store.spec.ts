import { jsonEvent } from '@eventstore/db-client';
import { RecordedEvent } from '@okr/contracts';
import { eventStoreContract, newTestEvent, uniqueStreamId, waitFor } from '@okr/testing';
import { verifyChain } from '../hash-chain';
import { WrongExpectedVersionError } from '../wrong-expected-version.error';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EventStoreDbSnapshotStore } from './eventstoredb-snapshot-store';
import { checkpointStreamName, leaseStreamName } from './eventstoredb-stream-names';
import { FakeClient, InMemoryEventStoreDb } from './in-memory-eventstoredb.fixture';

/**
 * The adapter's own logic (leases, checkpoints, batches, refused appends) against an in-memory
 * stand-in of the client; eventstoredb-event-store.int-spec.ts runs the same contract against a
 * real server where one is reachable.
 */
const openOn = (client: FakeClient) => {
  const eventStore = new EventStoreDbEventStore(client);
  return { eventStore, snapshotStore: new EventStoreDbSnapshotStore(client), close: () => eventStore.close() };
};

eventStoreContract('EventStoreDB adapter on an in-memory stand-in of its client', async () => openOn(new InMemoryEventStoreDb().connect()));

describe('the EventStoreDB adapter', () => {
  let server: InMemoryEventStoreDb;
  const opened: { close(): Promise<void> }[] = [];
  const open = (options?: { throwOnAppendFailure?: boolean }) => {
    const client = server.connect(options);
    const store = { ...openOn(client), client };
    opened.push(store);
    return store;
  };
  beforeEach(() => (server = new InMemoryEventStoreDb()));
  afterEach(async () => void (await Promise.all(opened.splice(0).map((store) => store.close()))));

  describe('with EVENTSTORE_URL asking for refused appends as results (throwOnAppendFailure=false)', () => {
    it('still refuses an append at a version the stream has left, naming the actual version', async () => {
      const { eventStore } = open({ throwOnAppendFailure: false });
      const stream = uniqueStreamId();
      await eventStore.appendToStream(stream, [newTestEvent('A'), newTestEvent('B')], { expectedVersion: 0 });
      const writer = open({ throwOnAppendFailure: false }).eventStore;
      // Both read the head at version 2; the server takes one append and refuses the other.
      const results = await Promise.allSettled([eventStore, writer].map((store) => store.appendToStream(stream, [newTestEvent('C')], { expectedVersion: 2 })));
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(WrongExpectedVersionError);
      await expect(eventStore.appendToStream(stream, [newTestEvent('D')], { expectedVersion: 1 })).rejects.toThrow(WrongExpectedVersionError);
      expect((await eventStore.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it("retries an append with 'any' on the new head, keeping the chain", async () => {
      const stores = [open({ throwOnAppendFailure: false }).eventStore, open({ throwOnAppendFailure: false }).eventStore];
      const stream = uniqueStreamId();
      await Promise.all([1, 2, 3, 4].map((n) => stores[n % 2].appendToStream(stream, [newTestEvent('Any', { n })], { expectedVersion: 'any' })));
      const events = await stores[0].readStream(stream);
      expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      expect(verifyChain(events)).toEqual({ ok: true, verified: 4 });
    });

    it('keeps the newest snapshot when savers race', async () => {
      const [one, two] = [open({ throwOnAppendFailure: false }).snapshotStore, open({ throwOnAppendFailure: false }).snapshotStore];
      const streamId = uniqueStreamId();
      await Promise.all([one.save({ streamId, version: 3, schema: 's@1', state: { v: 3 } }), two.save({ streamId, version: 5, schema: 's@1', state: { v: 5 } })]);
      expect((await one.load(streamId, 's@1'))?.version).toBe(5);
    });
  });

  describe('checkpoints', () => {
    it('are written at most once a second while events flow, not after every event', async () => {
      const { eventStore } = open();
      const id = uniqueStreamId('subscription');
      const seen: unknown[] = [];
      const subscription = eventStore.subscribe({ subscriptionId: id, handle: async (e) => void seen.push(e.data.n) });
      await subscription.caughtUp();
      const stream = uniqueStreamId();
      for (let n = 1; n <= 200; n++) await eventStore.appendToStream(stream, [newTestEvent('Flowing', { n })], { expectedVersion: n - 1 });
      await subscription.caughtUp();
      await subscription.stop();
      expect(seen).toHaveLength(200);
      expect(server.appends.filter((name) => name === checkpointStreamName(id)).length).toBeLessThanOrEqual(3);

      const resumed: unknown[] = [];
      await eventStore.appendToStream(stream, [newTestEvent('Flowing', { n: 201 })], { expectedVersion: 200 });
      const again = eventStore.subscribe({ subscriptionId: id, handle: async (e) => void resumed.push(e.data.n) });
      await again.caughtUp();
      await again.stop();
      expect(resumed).toEqual([201]);
    });

    it('of an exclusive subscription move once per batch: a backlog of 1,200 events in pages of 500', async () => {
      const { eventStore } = open();
      const stream = uniqueStreamId();
      const types = [`P-${stream}`];
      for (let from = 0; from < 1_200; from += 100) {
        await eventStore.appendToStream(stream, Array.from({ length: 100 }, (_, i) => newTestEvent(types[0], { n: from + i })), { expectedVersion: from });
      }
      const batches: number[] = [];
      const id = uniqueStreamId('subscription');
      const subscription = eventStore.subscribe({ subscriptionId: id, types, exclusive: true, handleBatch: async (events) => void batches.push(events.length) });
      await subscription.caughtUp();
      await subscription.stop();
      expect(batches).toEqual([500, 500, 200]);
      // Taking the lease, a checkpoint per batch, the one on stopping and the hand-back (a renewal may come between).
      expect(server.appends.filter((name) => name === leaseStreamName(id)).length).toBeLessThanOrEqual(7);
    });
  });

  describe('exclusive subscriptions across processes', () => {
    const plantHolder = (client: FakeClient, id: string, holder: string | null, position = 0) =>
      client.appendToStream(leaseStreamName(id), jsonEvent({ type: 'SubscriptionLeaseHeld', data: { holder, position } }));

    it('waits while a process that died still holds the lease, and takes over once the lease stream stood still for the lease', async () => {
      const { eventStore, client } = open();
      const id = uniqueStreamId('subscription');
      const types = [`L-${id}`];
      await eventStore.appendToStream(uniqueStreamId(), [newTestEvent(types[0], { n: 1 })], { expectedVersion: 0 });
      await plantHolder(client, id, 'host:4242:dead');
      const seen: unknown[] = [];
      const started = Date.now();
      let handledAfter = 0;
      const subscription = eventStore.subscribe({ subscriptionId: id, types, exclusive: true, leaseMs: 400, handle: async (e) => void (seen.push(e.data.n), (handledAfter = Date.now() - started)) });
      await sleep(300);
      expect(seen).toEqual([]);
      await waitFor(() => seen.length === 1);
      await subscription.stop();
      expect(handledAfter).toBeGreaterThanOrEqual(400);
      expect(handledAfter).toBeLessThan(3_000);
    });

    it('stops handling once another holder has taken the lease over, without moving the checkpoint, and goes on when it is handed back', async () => {
      const { eventStore, client } = open();
      const id = uniqueStreamId('subscription');
      const types = [`T-${id}`];
      const stream = uniqueStreamId();
      await eventStore.appendToStream(stream, [newTestEvent(types[0], { n: 1 })], { expectedVersion: 0 });
      const seen: unknown[] = [];
      const subscription = eventStore.subscribe({ subscriptionId: id, types, exclusive: true, leaseMs: 300, handle: async (e) => void seen.push(e.data.n) });
      await subscription.caughtUp();

      // Another process takes the lease over and keeps renewing it, at the checkpoint it found.
      const { position } = (await lastLeaseRecord(client, id))!;
      await plantHolder(client, id, 'host:4343:other', position);
      const renewing = setInterval(() => void plantHolder(client, id, 'host:4343:other', position), 60);
      await sleep(250); // past a renewal (every leaseMs / 3): the subscription learns it lost the lease
      await eventStore.appendToStream(stream, [newTestEvent(types[0], { n: 2 })], { expectedVersion: 1 });
      await sleep(400);
      clearInterval(renewing);
      expect(seen).toEqual([1]);
      expect(await lastLeaseRecord(client, id)).toMatchObject({ holder: 'host:4343:other', position });

      await plantHolder(client, id, null, position);
      await waitFor(() => seen.length === 2);
      await subscription.stop();
      expect(seen).toEqual([1, 2]);
    });

    it('replaces a holder killed mid-stream: every event handled, and only what it handled after its last checkpoint handled again, in the first batch', async () => {
      const id = uniqueStreamId('subscription');
      const types = [`K-${id}`];
      const handled = new Map<string, RecordedEvent[][]>([['one', []], ['two', []]]);
      const subscriber = (name: string) => {
        const store = open();
        const { client } = store;
        const subscription = store.eventStore.subscribe({
          subscriptionId: id,
          types,
          exclusive: true,
          leaseMs: 500,
          handleBatch: async (events) => void handled.get(name)!.push(events),
        });
        return { subscription, client, store };
      };
      const one = subscriber('one');
      await waitFor(async () => (await lastLeaseRecord(one.client, id)) !== undefined);
      const two = subscriber('two');
      const writer = open().eventStore;
      const stream = uniqueStreamId();
      for (let n = 0; n < 300; n++) {
        await writer.appendToStream(stream, [newTestEvent(types[0], { n })], { expectedVersion: n });
        if (n === 150) {
          const holder = handled.get('one')!.length ? one : two;
          holder.client.kill();
          // A dead process closes nothing.
          opened.splice(opened.indexOf(holder.store), 1);
        }
      }
      await waitFor(() => [...handled.values()].flat(2).some((e) => e.data.n === 299), 10_000, 'the standby to take over');
      const [dead, successor] = handled.get('one')!.some((batch) => batch.some((e) => e.data.n === 0)) ? ['one', 'two'] : ['two', 'one'];
      const byDead = handled.get(dead)!.flat().map((e) => e.data.n);
      const bySuccessor = handled.get(successor)!.map((batch) => batch.map((e) => e.data.n));
      expect(new Set([...byDead, ...bySuccessor.flat()]).size).toBe(300);
      const again = bySuccessor.flat().filter((n) => byDead.includes(n));
      // Whatever was handled twice is at the start of the successor's first batch.
      expect(bySuccessor[0].slice(0, again.length)).toEqual(again);
      expect(again.length).toBeLessThanOrEqual(handled.get(dead)!.at(-1)!.length);
    });
  });
});

async function lastLeaseRecord(client: FakeClient, id: string) {
  try {
    for await (const { event } of client.readStream(leaseStreamName(id), { direction: 'backwards', fromRevision: 'end', maxCount: 1 })) {
      return event && (event.data as { holder: string | null; position: number });
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
