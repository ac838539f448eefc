import { subscriptionCheckpointsTable } from './subscription-lease';

/**
 * Tables of the SQL event store, created idempotently on open. `transaction_id` records which
 * transaction wrote each event so readers can wait for slower transactions that took lower positions.
 */
export function eventStoreSchema(schema: string): string {
  return `
    create schema if not exists ${schema};
    create table if not exists ${schema}.events (
      global_position bigint generated always as identity primary key,
      stream_id text not null,
      stream_version integer not null,
      event_id uuid not null unique,
      type text not null,
      data jsonb not null,
      metadata jsonb not null,
      recorded_at timestamptz not null,
      effective_at timestamptz not null,
      hash text not null,
      prev_hash text,
      transaction_id xid8 not null default pg_current_xact_id(),
      unique (stream_id, stream_version)
    );
    create index if not exists events_type_position on ${schema}.events (type, global_position);
    create table if not exists ${schema}.streams (
      stream_id text primary key,
      version integer not null,
      last_hash text not null
    );
    create table if not exists ${schema}.snapshots (
      stream_id text primary key,
      version integer not null,
      schema text not null,
      state jsonb not null,
      taken_at timestamptz not null default now()
    );
    ${subscriptionCheckpointsTable(schema)}
  `;
}

export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and _`);
  return schema;
}
