import mongoose, { Connection } from 'mongoose';
import { FindOptions, ReadCollection, ReadDocument, ReadFilter, ReadStore } from '../read-store.port';

const DUPLICATE_KEY = 11000;
const CHECKPOINTS = 'projection_checkpoints';
const SEQUENCES = 'sequences';

/** Read models in MongoDB (through mongoose's connection; read models have no schema to enforce). */
export class MongoReadStore implements ReadStore {
  private constructor(private readonly connection: Connection) {}

  static async connect(url: string, database?: string): Promise<MongoReadStore> {
    const connection = await mongoose.createConnection(url, { dbName: database }).asPromise();
    return new MongoReadStore(connection);
  }

  collection<T extends ReadDocument = ReadDocument>(name: string): ReadCollection<T> {
    const collection = this.connection.collection<T>(name);
    return {
      upsert: async (document) => {
        await collection.replaceOne({ _id: document._id } as never, document, { upsert: true });
      },
      upsertMany: async (documents) => {
        if (!documents.length) return;
        await collection.bulkWrite(documents.map((document) => ({ replaceOne: { filter: { _id: document._id } as never, replacement: document, upsert: true } })), { ordered: true });
      },
      upsertIfNewer: async (document, versionField) => {
        try {
          // Matches only an older stored version; with none matching, the upsert's insert hits the
          // existing _id and fails with a duplicate key: the stored document is newer, keep it.
          const filter = { _id: document._id, $or: [{ [versionField]: { $lt: document[versionField] } }, { [versionField]: { $exists: false } }] };
          await collection.replaceOne(filter as never, document, { upsert: true });
          return true;
        } catch (error) {
          if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
          throw error;
        }
      },
      get: async (id) => (await collection.findOne({ _id: id } as never)) as T | null,
      find: async (filter: ReadFilter = {}, options: FindOptions = {}) => {
        let cursor = collection.find(filter as never);
        if (options.sort) cursor = cursor.sort(options.sort);
        if (options.skip) cursor = cursor.skip(options.skip);
        if (options.limit) cursor = cursor.limit(options.limit);
        return (await cursor.toArray()) as T[];
      },
      count: async (filter: ReadFilter = {}) => collection.countDocuments(filter as never),
      delete: async (id) => {
        await collection.deleteOne({ _id: id } as never);
      },
      clear: async () => {
        await collection.deleteMany({});
      },
    };
  }

  async loadCheckpoint(projection: string): Promise<string | null> {
    const stored = await this.connection.collection<{ _id: string; checkpoint: string }>(CHECKPOINTS).findOne({ _id: projection });
    return stored?.checkpoint ?? null;
  }

  async saveCheckpoint(projection: string, checkpoint: string): Promise<void> {
    await this.connection.collection<{ _id: string; checkpoint: string }>(CHECKPOINTS).replaceOne({ _id: projection }, { checkpoint }, { upsert: true });
  }

  async reserveSequence(sequence: string, count: number): Promise<number> {
    // One atomic document update: the highest number handed out so far, after adding ours.
    const after = await this.connection
      .collection<{ _id: string; last: number }>(SEQUENCES)
      .findOneAndUpdate({ _id: sequence }, { $inc: { last: count } }, { upsert: true, returnDocument: 'after' });
    return (after?.last ?? count) - count + 1;
  }

  /** Drops the whole database: for test runs that made one of their own. */
  async dropDatabase(): Promise<void> {
    await this.connection.dropDatabase();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
