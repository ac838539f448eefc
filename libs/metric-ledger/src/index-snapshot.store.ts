export const INDEX_SNAPSHOT_STORE = Symbol('INDEX_SNAPSHOT_STORE');

/**
 * Where a metric index keeps its last snapshot, so a restart catches up from there instead of
 * from position 0. A snapshot is only a shortcut: lost or unreadable, the ledger rebuilds it.
 */
export interface IndexSnapshotStore {
  /** The last snapshot saved, or null when there is none. */
  load(): Promise<Uint8Array | null>;
  /** Replaces the snapshot whole: a reader sees the old one or the new one, never a mix. */
  save(bytes: Uint8Array): Promise<void>;
}
