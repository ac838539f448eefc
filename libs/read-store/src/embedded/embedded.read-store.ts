import { Query } from 'mingo';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FindOptions, ReadCollection, ReadDocument, ReadFilter, ReadStore } from '../read-store.port';

type Collections = Record<string, Record<string, ReadDocument>>;

const CHECKPOINTS = '__checkpoints';
const SNAPSHOT_DELAY_MS = 1_000;

/**
 * Read models in memory, queried with Mongo syntax (mingo). With a file, the whole store is
 * snapshotted to it (atomically, at most once a second and on close) and loaded on open; without
 * one, projections rebuild from the events on start.
 */
export class EmbeddedReadStore implements ReadStore {
  private readonly collections: Collections;
  private snapshotTimer?: NodeJS.Timeout;

  constructor(private readonly file?: string) {
    this.collections = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Collections) : {};
  }

  collection<T extends ReadDocument = ReadDocument>(name: string): ReadCollection<T> {
    const documents = () => (this.collections[name] ??= {}) as Record<string, T>;
    const changed = () => this.scheduleSnapshot();
    const copy = <D>(document: D): D => structuredClone(document);
    return {
      upsert: async (document) => {
        documents()[document._id] = copy(document);
        changed();
      },
      upsertIfNewer: async (document, versionField) => {
        const stored = documents()[document._id];
        if (stored && Number(stored[versionField] ?? -Infinity) >= Number(document[versionField])) return false;
        documents()[document._id] = copy(document);
        changed();
        return true;
      },
      get: async (id) => (documents()[id] ? copy(documents()[id]) : null),
      find: async (filter: ReadFilter = {}, options: FindOptions = {}) => {
        let cursor = new Query(filter).find<T>(Object.values(documents()));
        if (options.sort) cursor = cursor.sort(options.sort);
        if (options.skip) cursor = cursor.skip(options.skip);
        if (options.limit) cursor = cursor.limit(options.limit);
        return cursor.all().map(copy);
      },
      count: async (filter: ReadFilter = {}) => new Query(filter).find(Object.values(documents())).all().length,
      delete: async (id) => {
        delete documents()[id];
        changed();
      },
      clear: async () => {
        this.collections[name] = {};
        changed();
      },
    };
  }

  async loadCheckpoint(projection: string): Promise<string | null> {
    return (this.collections[CHECKPOINTS]?.[projection]?.checkpoint as string | undefined) ?? null;
  }

  async saveCheckpoint(projection: string, checkpoint: string): Promise<void> {
    (this.collections[CHECKPOINTS] ??= {})[projection] = { _id: projection, checkpoint };
    this.scheduleSnapshot();
  }

  async close(): Promise<void> {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    this.writeSnapshot();
  }

  private scheduleSnapshot(): void {
    if (!this.file || this.snapshotTimer) return;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      this.writeSnapshot();
    }, SNAPSHOT_DELAY_MS);
    this.snapshotTimer.unref();
  }

  /** Write then rename, so a crash mid-write leaves the previous snapshot intact. */
  private writeSnapshot(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.collections));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
