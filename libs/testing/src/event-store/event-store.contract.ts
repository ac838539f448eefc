import { waitFor } from '../wait-for';
import { RecordedEvent } from '@okr/contracts';
import { EventStore, SnapshotStore, verifyChain, WrongExpectedVersionError } from '@okr/event-store';
import { newTestEvent, uniqueStreamId } from './new-test-event';

export interface EventStoreUnderTest {
  eventStore: EventStore;
  snapshotStore: SnapshotStore;
  close(): Promise<void>;
}

/**
 * What every event-store adapter must do. Streams are unique per test, so one store per suite
 * serves every test (opening PGlite costs seconds).
 */
export function eventStoreContract(name: string, open: () => Promise<EventStoreUnderTest>): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    let snapshots: SnapshotStore;
    let opened: EventStoreUnderTest;

    beforeAll(async () => {
      opened = await open();
      store = opened.eventStore;
      snapshots = opened.snapshotStore;
    });
    afterAll(() => opened?.close());

    describe('appending and reading a stream', () => {
      it('returns the events in order with versions from 1 and the metadata exactly as written', async () => {
        const stream = uniqueStreamId();
        const events = [
          newTestEvent('GoalSet', { target: 0.1, nested: { b: [1, 'ü', null], a: 1e21 } }, { reason: 'planning', actor: 'integration:salesforce' }),
          newTestEvent('GoalMoved', { to: 'x' }, { effectiveAt: '2027-03-30T12:00:00.000Z' }),
        ];
        const result = await store.appendToStream(stream, events, { expectedVersion: 0 });
        expect(result.nextExpectedVersion).toBe(2);

        const read = await store.readStream(stream);
        expect(read.map((e) => [e.streamId, e.streamVersion, e.type])).toEqual([
          [stream, 1, 'GoalSet'],
          [stream, 2, 'GoalMoved'],
        ]);
        expect(read.map((e) => e.metadata)).toEqual(events.map((e) => e.metadata));
        expect(read.map((e) => e.data)).toEqual(events.map((e) => e.data));
        expect(read[1].globalPosition).toBeGreaterThan(read[0].globalPosition);
        expect(read[1].globalPosition).toBe(result.lastGlobalPosition);
      });

      it('returns no events for a stream that does not exist', async () => {
        expect(await store.readStream(uniqueStreamId())).toEqual([]);
      });

      it('reads after a version, up to a global position, and up to a recorded instant', async () => {
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent('A', {}, { recordedAt: '2027-01-01T00:00:00.000Z' })], { expectedVersion: 0 });
        const second = await store.appendToStream(stream, [newTestEvent('B', {}, { recordedAt: '2027-02-01T00:00:00.000Z' })], { expectedVersion: 1 });
        await store.appendToStream(stream, [newTestEvent('C', {}, { recordedAt: '2027-03-01T00:00:00.000Z' })], { expectedVersion: 2 });

        expect((await store.readStream(stream, { afterVersion: 1 })).map((e) => e.type)).toEqual(['B', 'C']);
        expect((await store.readStream(stream, { toGlobalPosition: second.lastGlobalPosition })).map((e) => e.type)).toEqual(['A', 'B']);
        expect((await store.readStream(stream, { recordedUpTo: '2027-02-15T00:00:00.000Z' })).map((e) => e.type)).toEqual(['A', 'B']);
      });
    });

    describe('optimistic concurrency', () => {
      it('refuses an append at a version the stream has left, naming the actual version', async () => {
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent('A'), newTestEvent('B')], { expectedVersion: 0 });
        const error = await store.appendToStream(stream, [newTestEvent('C')], { expectedVersion: 1 }).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: stream, expectedVersion: 1, actualVersion: 2 });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses to create a stream that exists', async () => {
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent('A')], { expectedVersion: 0 });
        await expect(store.appendToStream(stream, [newTestEvent('B')], { expectedVersion: 0 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
      });

      it('lets exactly one of two concurrent writers at the same version win', async () => {
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent('A')], { expectedVersion: 0 });
        const outcomes = await Promise.allSettled([
          store.appendToStream(stream, [newTestEvent('B1')], { expectedVersion: 1 }),
          store.appendToStream(stream, [newTestEvent('B2')], { expectedVersion: 1 }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('lets exactly one of two concurrent creators of a new stream win', async () => {
        const stream = uniqueStreamId();
        const outcomes = await Promise.allSettled([
          store.appendToStream(stream, [newTestEvent('A1')], { expectedVersion: 0 }),
          store.appendToStream(stream, [newTestEvent('A2')], { expectedVersion: 0 }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      });

      it("appends without a check with 'any'", async () => {
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent('A')], { expectedVersion: 'any' });
        const result = await store.appendToStream(stream, [newTestEvent('B')], { expectedVersion: 'any' });
        expect(result.nextExpectedVersion).toBe(2);
      });
    });

    describe('the hash chain', () => {
      it('links every event of a stream to the one before, and verifies', async () => {
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent('A', { x: 1 })], { expectedVersion: 0 });
        await store.appendToStream(stream, [newTestEvent('B', { y: 'ü' }), newTestEvent('C', { z: [0.1, null] })], { expectedVersion: 1 });
        const events = await store.readStream(stream);
        expect(events[0].prevHash).toBeNull();
        expect(events[1].prevHash).toBe(events[0].hash);
        expect(events[2].prevHash).toBe(events[1].hash);
        expect(verifyChain(events)).toEqual({ ok: true, verified: 3 });
      });

      it('reports the first event whose content no longer matches its hash', async () => {
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent('A'), newTestEvent('B', { amount: 10 }), newTestEvent('C')], { expectedVersion: 0 });
        const events = await store.readStream(stream);
        const tampered: RecordedEvent[] = events.map((e) => (e.streamVersion === 2 ? { ...e, data: { amount: 1000 } } : e));
        expect(verifyChain(tampered)).toMatchObject({ ok: false, verified: 1, brokenAt: { streamVersion: 2, reason: 'hash-mismatch' } });
      });
    });

    describe('reading all streams', () => {
      it('reads in global order from a position, with a limit and a type filter', async () => {
        const start = (await store.readAll({ fromPosition: 0, limit: 1_000_000 })).at(-1)?.globalPosition ?? 0;
        const [a, b] = [uniqueStreamId(), uniqueStreamId()];
        await store.appendToStream(a, [newTestEvent('AllA1')], { expectedVersion: 0 });
        await store.appendToStream(b, [newTestEvent('AllB1')], { expectedVersion: 0 });
        await store.appendToStream(a, [newTestEvent('AllA2')], { expectedVersion: 1 });

        const all = await store.readAll({ fromPosition: start });
        expect(all.map((e) => e.type)).toEqual(['AllA1', 'AllB1', 'AllA2']);
        expect((await store.readAll({ fromPosition: start, limit: 2 })).map((e) => e.type)).toEqual(['AllA1', 'AllB1']);
        expect((await store.readAll({ fromPosition: all[0].globalPosition })).map((e) => e.type)).toEqual(['AllB1', 'AllA2']);
        expect((await store.readAll({ fromPosition: start, types: ['AllA2', 'AllB1'] })).map((e) => e.type)).toEqual(['AllB1', 'AllA2']);
      });
    });

    describe('subscriptions', () => {
      it('delivers every event once, in order, including those appended after subscribing', async () => {
        const start = (await store.readAll({ fromPosition: 0, limit: 1_000_000 })).at(-1)?.globalPosition ?? 0;
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent('S1'), newTestEvent('S2')], { expectedVersion: 0 });
        const seen: string[] = [];
        const subscription = store.subscribe({ fromPosition: start, handle: async (e) => void seen.push(e.type) });
        await subscription.caughtUp();
        await store.appendToStream(stream, [newTestEvent('S3')], { expectedVersion: 2 });
        await subscription.caughtUp();
        await subscription.stop();
        expect(seen).toEqual(['S1', 'S2', 'S3']);
      });

      it('resumes after its stored checkpoint', async () => {
        const id = uniqueStreamId('subscription');
        const types = [`R-${id}`];
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [newTestEvent(types[0], { n: 1 }), newTestEvent(types[0], { n: 2 })], { expectedVersion: 0 });
        const first: unknown[] = [];
        const one = store.subscribe({ subscriptionId: id, types, handle: async (e) => void first.push(e.data.n) });
        await one.caughtUp();
        await one.stop();
        await store.appendToStream(stream, [newTestEvent(types[0], { n: 3 })], { expectedVersion: 2 });
        const second: unknown[] = [];
        const two = store.subscribe({ subscriptionId: id, types, handle: async (e) => void second.push(e.data.n) });
        await two.caughtUp();
        await two.stop();
        expect(first).toEqual([1, 2]);
        expect(second).toEqual([3]);
      });

      it('hands consecutive events to a batch handler in order, and resumes after the last batch it handled', async () => {
        const id = uniqueStreamId('subscription');
        const types = [`B-${id}`];
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [1, 2, 3].map((n) => newTestEvent(types[0], { n })), { expectedVersion: 0 });
        const batches: unknown[][] = [];
        const one = store.subscribe({ subscriptionId: id, types, handleBatch: async (events) => void batches.push(events.map((e) => e.data.n)) });
        await one.caughtUp();
        await one.stop();
        await store.appendToStream(stream, [newTestEvent(types[0], { n: 4 })], { expectedVersion: 3 });
        const resumed: unknown[] = [];
        const two = store.subscribe({ subscriptionId: id, types, handleBatch: async (events) => void resumed.push(...events.map((e) => e.data.n)) });
        await two.caughtUp();
        await two.stop();
        expect(batches.flat()).toEqual([1, 2, 3]);
        expect(batches.every((batch) => batch.length > 0)).toBe(true);
        expect(resumed).toEqual([4]);
      });

      it('stops at a failing event, reports it, and resumes from that event', async () => {
        const id = uniqueStreamId('subscription');
        const types = [`F-${id}`];
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [1, 2, 3].map((n) => newTestEvent(types[0], { n })), { expectedVersion: 0 });
        const handled: unknown[] = [];
        const errors: unknown[] = [];
        const failing = store.subscribe({
          subscriptionId: id,
          types,
          handle: async (e) => {
            if (e.data.n === 2) throw new Error('handler failed');
            handled.push(e.data.n);
          },
          onError: (error) => errors.push(error),
        });
        await expect(failing.caughtUp()).rejects.toThrow('handler failed');
        await failing.stop();
        expect(handled).toEqual([1]);
        expect(errors).toHaveLength(1);

        const resumed: unknown[] = [];
        const healthy = store.subscribe({ subscriptionId: id, types, handle: async (e) => void resumed.push(e.data.n) });
        await healthy.caughtUp();
        await healthy.stop();
        expect(resumed).toEqual([2, 3]);
      });
    });

    describe('exclusive subscriptions (one publisher whatever the number of instances)', () => {
      it('runs the handler in one subscriber at a time, and the other goes on from its checkpoint when it stops', async () => {
        const id = uniqueStreamId('subscription');
        const types = [`X-${id}`];
        const stream = uniqueStreamId();
        await store.appendToStream(stream, [1, 2, 3].map((n) => newTestEvent(types[0], { n })), { expectedVersion: 0 });
        const seen: Record<string, unknown[]> = { one: [], two: [] };
        const subscriber = (name: string) => store.subscribe({ subscriptionId: id, types, exclusive: true, handleBatch: async (events) => void seen[name].push(...events.map((e) => e.data.n)) });
        const one = subscriber('one');
        const two = subscriber('two');
        await Promise.all([one.caughtUp(), two.caughtUp()]);
        await store.appendToStream(stream, [newTestEvent(types[0], { n: 4 })], { expectedVersion: 3 });
        await Promise.all([one.caughtUp(), two.caughtUp()]);
        const [holder, standby] = seen.one.length ? [one, two] : [two, one];
        expect([seen.one, seen.two].sort((a, b) => b.length - a.length)).toEqual([[1, 2, 3, 4], []]);

        await holder.stop();
        await store.appendToStream(stream, [newTestEvent(types[0], { n: 5 })], { expectedVersion: 4 });
        // Handed back on stop: the standby goes on at its next try, not once the lease has expired.
        await waitFor(() => seen.one.length + seen.two.length === 5, 2_500);
        await standby.stop();
        expect([...seen.one, ...seen.two].sort()).toEqual([1, 2, 3, 4, 5]);
      });
    });

    describe('snapshots', () => {
      it('returns the latest snapshot of the schema asked for, and none for another schema', async () => {
        const stream = uniqueStreamId();
        expect(await snapshots.load(stream, 'thing@1')).toBeNull();
        await snapshots.save({ streamId: stream, version: 100, schema: 'thing@1', state: { total: 5, items: ['a'] } });
        await snapshots.save({ streamId: stream, version: 200, schema: 'thing@1', state: { total: 9, items: ['a', 'b'] } });
        expect(await snapshots.load(stream, 'thing@1')).toEqual({ streamId: stream, version: 200, schema: 'thing@1', state: { total: 9, items: ['a', 'b'] } });
        expect(await snapshots.load(stream, 'thing@2')).toBeNull();
      });

      it('keeps the newer snapshot when an older one arrives late', async () => {
        const stream = uniqueStreamId();
        await snapshots.save({ streamId: stream, version: 200, schema: 'thing@1', state: { v: 200 } });
        await snapshots.save({ streamId: stream, version: 100, schema: 'thing@1', state: { v: 100 } });
        expect((await snapshots.load(stream, 'thing@1'))?.version).toBe(200);
      });
    });
  });
}
