export * from './event-store.port';
export * from './snapshot-store.port';
export * from './wrong-expected-version.error';
export * from './hash-chain';
export * from './canonical-json';
export * from './create-event-store';
export { SqlClient, SqlQuery } from './sql/sql-client';
export * from './open-sql-database';
export type { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
