import { Query } from 'mingo';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { FindOptions, ReadCollection, ReadDocument, ReadFilter, ReadStore } from '../read-store.port';

type Documents = Map<string, ReadDocument>;

const CHECKPOINTS = '__checkpoints';
const SEQUENCES = '__sequences';
/** The journal is folded into a new snapshot once it grows past this, so reopening stays quick. */
const COMPACT_JOURNAL_AT_BYTES = 64 * 1024 * 1024;

/** One line of the snapshot or the journal: a write, replayed in order on open. */
type WriteRecord = { c: string; u: ReadDocument } | { c: string; d: string } | { c: string; x: true };

/**
 * Read models in memory, queried with Mongo syntax (mingo). With a file, every write is appended
 * to a journal (`<file>.journal`) before it resolves, so a process killed with SIGKILL loses
 * nothing the bus already saw acknowledged; opening loads the snapshot (`<file>`, one record a
 * line) and replays the journal over it. When the journal grows large, and on close, the whole
 * store becomes the new snapshot and the journal starts empty. Without a file, it lives only in
 * memory and projections rebuild from the events on start.
 */
export class EmbeddedReadStore implements ReadStore {
  private readonly collections = new Map<string, Documents>();
  private journal?: number;
  private journalBytes = 0;

  constructor(private readonly file?: string) {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file)) this.replay(readFileSync(file));
    if (existsSync(this.journalFile)) {
      this.replay(readFileSync(this.journalFile));
      this.journalBytes = statSync(this.journalFile).size;
    }
    this.journal = openSync(this.journalFile, 'a');
  }

  collection<T extends ReadDocument = ReadDocument>(name: string): ReadCollection<T> {
    const documents = () => this.documents(name) as Map<string, T>;
    const copy = <D>(document: D): D => structuredClone(document);
    return {
      upsert: async (document) => {
        this.write({ c: name, u: document });
      },
      upsertMany: async (batch) => {
        this.writeAll(batch.map((document) => ({ c: name, u: document })));
      },
      upsertIfNewer: async (document, versionField) => {
        const stored = documents().get(document._id);
        if (stored && Number(stored[versionField] ?? -Infinity) >= Number(document[versionField])) return false;
        this.write({ c: name, u: document });
        return true;
      },
      get: async (id) => {
        const stored = documents().get(id);
        return stored ? copy(stored) : null;
      },
      find: async (filter: ReadFilter = {}, options: FindOptions = {}) => {
        let cursor = new Query(filter).find<T>([...documents().values()]);
        if (options.sort) cursor = cursor.sort(options.sort);
        if (options.skip) cursor = cursor.skip(options.skip);
        if (options.limit) cursor = cursor.limit(options.limit);
        return cursor.all().map(copy);
      },
      count: async (filter: ReadFilter = {}) => (Object.keys(filter).length ? new Query(filter).find([...documents().values()]).all().length : documents().size),
      delete: async (id) => {
        if (documents().has(id)) this.write({ c: name, d: id });
      },
      clear: async () => {
        this.write({ c: name, x: true });
      },
    };
  }

  async loadCheckpoint(projection: string): Promise<string | null> {
    return (this.documents(CHECKPOINTS).get(projection)?.checkpoint as string | undefined) ?? null;
  }

  async saveCheckpoint(projection: string, checkpoint: string): Promise<void> {
    this.write({ c: CHECKPOINTS, u: { _id: projection, checkpoint } });
  }

  async reserveSequence(sequence: string, count: number): Promise<number> {
    const last = Number(this.documents(SEQUENCES).get(sequence)?.last ?? 0);
    if (count > 0) this.write({ c: SEQUENCES, u: { _id: sequence, last: last + count } });
    return last + 1;
  }

  async close(): Promise<void> {
    if (this.journal === undefined) return;
    this.compact();
    closeSync(this.journal);
    this.journal = undefined;
  }

  private get journalFile(): string {
    return `${this.file}.journal`;
  }

  private documents(name: string): Documents {
    let documents = this.collections.get(name);
    if (!documents) this.collections.set(name, (documents = new Map()));
    return documents;
  }

  private write(record: WriteRecord): void {
    this.writeAll([record]);
  }

  /**
   * Journal first, in one append (synchronously: the records are in the file before the promise
   * resolves; one system call per batch, not per record), then memory.
   */
  private writeAll(records: WriteRecord[]): void {
    if (!records.length) return;
    if (this.journal !== undefined) {
      const bytes = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      writeSync(this.journal, bytes);
      this.journalBytes += bytes.length;
    }
    for (const record of records) this.apply('u' in record ? { c: record.c, u: structuredClone(record.u) } : record);
    if (this.journalBytes > COMPACT_JOURNAL_AT_BYTES) this.compact();
  }

  private apply(record: WriteRecord): void {
    if ('u' in record) this.documents(record.c).set(record.u._id, record.u);
    else if ('d' in record) this.documents(record.c).delete(record.d);
    else this.collections.set(record.c, new Map());
  }

  /** Records are replayed in order; a torn last line (a crash mid-append) is ignored. */
  private replay(bytes: Buffer): void {
    let start = 0;
    while (start < bytes.length) {
      const end = bytes.indexOf(0x0a, start);
      if (end === -1) break;
      if (end > start) this.apply(JSON.parse(bytes.toString('utf8', start, end)) as WriteRecord);
      start = end + 1;
    }
  }

  /**
   * The store becomes the snapshot (written aside, flushed, renamed over the old one), then the
   * journal restarts empty. A crash in between replays the old journal over the new snapshot:
   * every record sets a final value, so replaying it again changes nothing.
   */
  private compact(): void {
    if (!this.file || this.journal === undefined) return;
    const temporary = `${this.file}.tmp`;
    const snapshot = openSync(temporary, 'w');
    try {
      const lines: string[] = [];
      const flush = () => {
        if (lines.length) writeSync(snapshot, `${lines.join('\n')}\n`);
        lines.length = 0;
      };
      for (const [name, documents] of this.collections) {
        for (const document of documents.values()) {
          lines.push(JSON.stringify({ c: name, u: document }));
          if (lines.length >= 10_000) flush();
        }
      }
      flush();
      fsyncSync(snapshot);
    } finally {
      closeSync(snapshot);
    }
    renameSync(temporary, this.file);
    closeSync(this.journal);
    this.journal = openSync(this.journalFile, 'w');
    this.journalBytes = 0;
  }
}
