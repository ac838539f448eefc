import { indexSnapshotStoreContract } from '@okr/testing';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIndexSnapshotStore } from './file-index-snapshot.store';

const root = mkdtempSync(join(tmpdir(), 'okr-index-snapshots-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let stores = 0;

indexSnapshotStoreContract('in a file', async () => {
  const path = join(root, `store-${++stores}`, 'goals.metric-index');
  return { store: new FileIndexSnapshotStore(path), reopen: () => new FileIndexSnapshotStore(path) };
});

describe('the file snapshot store', () => {
  it('leaves only the snapshot behind: the temporary file is renamed over it', async () => {
    const dir = join(root, 'atomic');
    const store = new FileIndexSnapshotStore(join(dir, 'goals.metric-index'));
    await store.save(Uint8Array.of(1));
    await store.save(Uint8Array.of(2));
    expect(readdirSync(dir)).toEqual(['goals.metric-index']);
  });

  it('ignores a temporary file a crash left half-written: the last whole snapshot loads', async () => {
    const dir = join(root, 'crashed');
    const store = new FileIndexSnapshotStore(join(dir, 'goals.metric-index'));
    await store.save(Uint8Array.of(1, 2, 3));
    writeFileSync(join(dir, 'goals.metric-index.0123456789ab.tmp'), Uint8Array.of(9));
    expect(await new FileIndexSnapshotStore(join(dir, 'goals.metric-index')).load()).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('says why it cannot save, and keeps the snapshot it had', async () => {
    const dir = join(root, 'blocked');
    const store = new FileIndexSnapshotStore(join(dir, 'goals.metric-index'));
    await store.save(Uint8Array.of(1));
    // A directory where the snapshot's temporary file would go cannot be written: the save fails whole.
    const blocked = new FileIndexSnapshotStore(join(dir, 'goals.metric-index', 'nested'));
    await expect(blocked.save(Uint8Array.of(2))).rejects.toThrow();
    expect(await store.load()).toEqual(Uint8Array.of(1));
  });
});
