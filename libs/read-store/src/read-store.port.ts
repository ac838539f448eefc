export const READ_STORE = Symbol('READ_STORE');

/** A read-model document: its id, and the version of what it was built from (see upsertIfNewer). */
export interface ReadDocument {
  _id: string;
  [field: string]: unknown;
}

/** Mongo query syntax on both adapters (`{ unitId: 'emea', progress: { $lt: 0.5 } }`). */
export type ReadFilter = Record<string, unknown>;

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

export interface ReadCollection<T extends ReadDocument = ReadDocument> {
  /** Replaces the document with this _id, or inserts it. */
  upsert(document: T): Promise<void>;
  /** upsert for many documents in one write (a projection's batch); durable together when it resolves. */
  upsertMany(documents: T[]): Promise<void>;
  /**
   * Replaces the document only if the stored one has a lower `versionField` (or none), so an event
   * delivered twice, or late after a newer one, cannot move a read model backwards.
   * Resolves true when it wrote.
   */
  upsertIfNewer(document: T, versionField: string): Promise<boolean>;
  get(id: string): Promise<T | null>;
  find(filter?: ReadFilter, options?: FindOptions): Promise<T[]>;
  count(filter?: ReadFilter): Promise<number>;
  delete(id: string): Promise<void>;
  /** Empties the collection: the first step of a projection rebuild. */
  clear(): Promise<void>;
}

/**
 * Where the reporting service keeps its read models. Disposable: everything in it can be rebuilt
 * from the events. Adapters: embedded (in memory, snapshotted to a file) and MongoDB.
 */
export interface ReadStore {
  collection<T extends ReadDocument = ReadDocument>(name: string): ReadCollection<T>;
  /** Where a projection has got to (a global position, an offset...), or null before its first event. */
  loadCheckpoint(projection: string): Promise<string | null>;
  saveCheckpoint(projection: string, checkpoint: string): Promise<void>;
  /**
   * Reserves the next `count` numbers of a sequence shared by everyone on this store, atomically
   * (two callers never get the same number): resolves with the first of them (1 for a new
   * sequence). With count 0 it reserves nothing and resolves with the number the next caller gets.
   */
  reserveSequence(sequence: string, count: number): Promise<number>;
  close(): Promise<void>;
}
