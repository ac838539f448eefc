export const SNAPSHOT_STORE = Symbol('SNAPSHOT_STORE');

/**
 * A cached fold of a stream up to a version, so a long-lived aggregate loads from here plus the
 * events after it. Disposable: a snapshot whose schema does not match the decider's is ignored.
 */
export interface Snapshot<State = unknown> {
  streamId: string;
  /** The stream version the state includes. */
  version: number;
  /** Names the decider and its state shape, e.g. 'objective@1'. */
  schema: string;
  state: State;
}

export interface SnapshotStore {
  load<State>(streamId: string, schema: string): Promise<Snapshot<State> | null>;
  /** Replaces the stream's snapshot (a cache, not part of the event log). */
  save(snapshot: Snapshot): Promise<void>;
}
