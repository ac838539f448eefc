import { EventStore } from './event-store.port';
import { openSqlDatabase } from './open-sql-database';
import { SnapshotStore } from './snapshot-store.port';
import { assertSchemaName, eventStoreSchema } from './sql/event-store-schema';
import { SqlClient } from './sql/sql-client';
import { SqlEventStore } from './sql/sql-event-store';
import { SqlSnapshotStore } from './sql/sql-snapshot-store';

export type SqlEventStoreConfig =
  /** dataDir: a directory on disk, or 'memory://' for a throw-away store. */
  | { kind: 'embedded'; dataDir: string; schema?: string }
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

export type EventStoreConfig =
  | SqlEventStoreConfig
  /** url: an EventStoreDB connection string, e.g. esdb://eventstore:2113?tls=false. */
  | { kind: 'eventstoredb'; url: string };

export interface OpenedEventStore {
  eventStore: EventStore;
  snapshotStore: SnapshotStore;
  /** Stops subscriptions and closes the connection (and releases the data-directory lock). */
  close(): Promise<void>;
}

export interface OpenedSqlEventStore extends OpenedEventStore {
  eventStore: SqlEventStore & EventStore;
  /** The connection underneath, for benchmarks and maintenance that compare against raw SQL. */
  sql: SqlClient;
}

export function createEventStore(config: SqlEventStoreConfig): Promise<OpenedSqlEventStore>;
export function createEventStore(config: EventStoreConfig): Promise<OpenedEventStore>;
export async function createEventStore(config: EventStoreConfig): Promise<OpenedEventStore> {
  if (config.kind === 'eventstoredb') {
    // Loaded only when chosen: the gRPC client costs half a second to load.
    const { openEventStoreDb } = await import('./eventstoredb/open-eventstoredb');
    return openEventStoreDb(config.url);
  }
  return openSqlEventStore(config);
}

async function openSqlEventStore(config: SqlEventStoreConfig): Promise<OpenedSqlEventStore> {
  const schema = assertSchemaName(config.schema ?? 'goals');
  const sql = await openSqlDatabase(config.kind === 'embedded' ? { kind: 'embedded', dataDir: config.dataDir } : { kind: 'postgres', url: config.url, poolSize: config.poolSize });
  try {
    await sql.query(eventStoreSchema(schema));
  } catch (error) {
    await sql.close().catch(() => undefined);
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
    },
  };
}
