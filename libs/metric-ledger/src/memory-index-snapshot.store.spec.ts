import { indexSnapshotStoreContract } from '@okr/testing';
import { MemoryIndexSnapshotStore } from './memory-index-snapshot.store';

indexSnapshotStoreContract('in memory', async () => {
  const store = new MemoryIndexSnapshotStore();
  // In memory, a restart of the service is a new store: the same object stands for "this process, later".
  return { store, reopen: () => store };
});
