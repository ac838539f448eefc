import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Pool, types } from 'pg';
import { DataDirLock } from './embedded/data-dir-lock';
import { PgliteSqlClient } from './embedded/pglite-sql-client';
import { EventStore } from './event-store.port';
import { PgSqlClient } from './postgres/pg-sql-client';
import { SnapshotStore } from './snapshot-store.port';
import { assertSchemaName, eventStoreSchema } from './sql/event-store-schema';
import { SqlClient } from './sql/sql-client';
import { SqlEventStore } from './sql/sql-event-store';
import { SqlSnapshotStore } from './sql/sql-snapshot-store';

export type EventStoreConfig =
  /** dataDir: a directory on disk, or 'memory://' for a throw-away store. */
  | { kind: 'embedded'; dataDir: string; schema?: string }
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

export interface OpenedEventStore {
  eventStore: SqlEventStore & EventStore;
  snapshotStore: SnapshotStore;
  /** The connection underneath, for benchmarks and maintenance that compare against raw SQL. */
  sql: SqlClient;
  /** Stops subscriptions, closes the database and releases the data-directory lock. */
  close(): Promise<void>;
}

const INT8 = 20;

export async function createEventStore(config: EventStoreConfig): Promise<OpenedEventStore> {
  const schema = assertSchemaName(config.schema ?? 'goals');
  let sql: SqlClient;
  let lock: DataDirLock | undefined;
  if (config.kind === 'embedded') {
    const inMemory = config.dataDir.startsWith('memory://');
    if (!inMemory) {
      mkdirSync(dirname(config.dataDir), { recursive: true });
      lock = DataDirLock.acquire(config.dataDir);
    }
    try {
      sql = new PgliteSqlClient(await PGlite.create(config.dataDir));
    } catch (error) {
      lock?.release();
      throw error;
    }
  } else {
    const pool = new Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      // Positions and versions fit in a JS number; return them as numbers, not strings.
      types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8 ? Number : types.getTypeParser(oid, format as 'text'))) as never },
    });
    sql = new PgSqlClient(pool);
  }
  try {
    await sql.query(eventStoreSchema(schema));
  } catch (error) {
    await sql.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
  const eventStore = new SqlEventStore(sql, schema);
  return {
    eventStore,
    snapshotStore: new SqlSnapshotStore(sql, schema),
    sql,
    async close() {
      await eventStore.close();
      await sql.close();
      lock?.release();
    },
  };
}
