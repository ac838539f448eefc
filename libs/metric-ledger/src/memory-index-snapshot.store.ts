import { IndexSnapshotStore } from './index-snapshot.store';

/** A snapshot kept in this process (tests, and a service that may rebuild from the ledger on every start). */
export class MemoryIndexSnapshotStore implements IndexSnapshotStore {
  private bytes: Uint8Array | null = null;

  async load(): Promise<Uint8Array | null> {
    return this.bytes && this.bytes.slice();
  }

  async save(bytes: Uint8Array): Promise<void> {
    // A copy: the caller may reuse its buffer.
    this.bytes = bytes.slice();
  }
}
