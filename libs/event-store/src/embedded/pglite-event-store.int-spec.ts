import { createEventStore } from '@okr/event-store';
import { eventStoreContract } from '@okr/testing';
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
