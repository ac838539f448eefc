import { createEventStore, OpenedSqlEventStore, verifyChain, WrongExpectedVersionError } from '@okr/event-store';
import { eventStoreContract, newTestEvent, uniqueStreamId } from '@okr/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

eventStoreContract('embedded PGlite', () => createEventStore({ kind: 'embedded', dataDir: 'memory://' }));

describe('the embedded data directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'okr-pglite-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second opener of the same directory, naming the holder, and reopens with the data kept', async () => {
    const dataDir = join(root, 'events');
    const first = await createEventStore({ kind: 'embedded', dataDir });
    await first.eventStore.appendToStream('kept', [{ type: 'Kept', data: {}, metadata: { eventId: '5a4f1a56-3a4b-4c2e-9d1b-0d7f6f2e9a11', actor: 'a', recordedAt: '2027-01-01T00:00:00.000Z', effectiveAt: '2027-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 } }], { expectedVersion: 0 });

    await expect(createEventStore({ kind: 'embedded', dataDir })).rejects.toThrow(
      new RegExp(`data directory ${dataDir} is in use by process ${process.pid}`),
    );
    await first.close();

    const reopened = await createEventStore({ kind: 'embedded', dataDir });
    expect((await reopened.eventStore.readStream('kept')).map((e) => e.type)).toEqual(['Kept']);
    await reopened.close();
  }, 60_000);

  it('takes over a lock left behind by a process that is gone', async () => {
    const dataDir = join(root, 'stale');
    writeFileSync(`${dataDir}.lock`, '999999999');
    const store = await createEventStore({ kind: 'embedded', dataDir });
    await store.close();
  }, 60_000);
});

  describe('the SQL event store appending to several streams in one transaction', () => {
  let opened: OpenedSqlEventStore;
  let store: OpenedSqlEventStore['eventStore'];
  beforeAll(async () => {
    opened = await createEventStore({ kind: 'embedded', dataDir: 'memory://' });
    store = opened.eventStore;
  });
  afterAll(() => opened.close());

    it('appends to each stream at its expected version and answers per stream, in order', async () => {
      const [existing, fresh] = [uniqueStreamId(), uniqueStreamId()];
      await store.appendToStream(existing, [newTestEvent('A')], { expectedVersion: 0 });
      const results = await store.appendToStreams([
        { streamId: existing, events: [newTestEvent('B'), newTestEvent('C')], expectedVersion: 1 },
        { streamId: fresh, events: [newTestEvent('X')], expectedVersion: 0 },
      ]);

      expect(results.map((r) => r.nextExpectedVersion)).toEqual([3, 1]);
      const [readExisting, readFresh] = [await store.readStream(existing), await store.readStream(fresh)];
      expect(readExisting.map((e) => [e.streamVersion, e.type])).toEqual([[1, 'A'], [2, 'B'], [3, 'C']]);
      expect(readFresh.map((e) => [e.streamVersion, e.type])).toEqual([[1, 'X']]);
      expect(results[0].lastGlobalPosition).toBe(readExisting[2].globalPosition);
      expect(results[1].lastGlobalPosition).toBe(readFresh[0].globalPosition);
      expect(verifyChain(readExisting)).toEqual({ ok: true, verified: 3 });
    });

    it('refuses a stream that moved on, naming it, and leaves that stream as it was', async () => {
      const [fine, moved] = [uniqueStreamId(), uniqueStreamId()];
      await store.appendToStream(moved, [newTestEvent('A'), newTestEvent('B')], { expectedVersion: 0 });
      const error = await store
        .appendToStreams([
          { streamId: fine, events: [newTestEvent('X')], expectedVersion: 0 },
          { streamId: moved, events: [newTestEvent('C')], expectedVersion: 1 },
        ])
        .catch((e) => e);

      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamId: moved, expectedVersion: 1, actualVersion: 2 });
      expect((await store.readStream(moved)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('refuses a stream named twice', async () => {
      const stream = uniqueStreamId();
      await expect(
        store.appendToStreams([
          { streamId: stream, events: [newTestEvent('A')], expectedVersion: 0 },
          { streamId: stream, events: [newTestEvent('B')], expectedVersion: 1 },
        ]),
      ).rejects.toThrow('names each stream once');
    });
  });
