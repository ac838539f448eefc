import { IndexSnapshotStore } from '@okr/metric-ledger';

/** What every index snapshot store must do; `open` gives a new, empty store each time, `reopen` the same one again (a restart). */
export function indexSnapshotStoreContract(name: string, open: () => Promise<{ store: IndexSnapshotStore; reopen(): IndexSnapshotStore }>): void {
  describe(`index snapshot store contract: ${name}`, () => {
    it('has no snapshot before the first save', async () => {
      const { store } = await open();
      expect(await store.load()).toBeNull();
    });

    it('loads exactly the bytes saved, after a restart too', async () => {
      const { store, reopen } = await open();
      const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
      await store.save(bytes);
      expect(await store.load()).toEqual(bytes);
      expect(await reopen().load()).toEqual(bytes);
    });

    it('replaces the snapshot whole: the last save is what loads', async () => {
      const { store } = await open();
      await store.save(Uint8Array.of(1, 2, 3, 4, 5, 6));
      await store.save(Uint8Array.of(9, 8));
      expect(await store.load()).toEqual(Uint8Array.of(9, 8));
    });

    it('keeps what was saved when the caller reuses its buffer', async () => {
      const { store } = await open();
      const buffer = Uint8Array.of(1, 2, 3);
      await store.save(buffer);
      buffer[0] = 42;
      const loaded = await store.load();
      expect(loaded).toEqual(Uint8Array.of(1, 2, 3));
      loaded![1] = 42;
      expect(await store.load()).toEqual(Uint8Array.of(1, 2, 3));
    });
  });
}
