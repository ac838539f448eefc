/**
 * The metric ledger's tables in a schema (metrics-ingestion's, `ingestion` by default), created
 * idempotently: the writer (ingestion) and every reader share this one definition.
 *
 * - `data_points`: append-only, one row per accepted version of a source record, at a dense
 *   `position` (1, 2, 3... in commit order), chained per record by `hash`/`prev_hash`. Plain
 *   columns, no jsonb: a catch-up of a million facts reads numbers and short texts, and a row is
 *   rebuilt into the published message exactly. A record's head (what it contributes now) is its
 *   latest row; the one other index, unique (record, version), finds it and refuses a second
 *   writer that decided the same record's next version concurrently (that transaction is retried
 *   on what the first wrote).
 * - `ledger_counter`: one row, the last position given and the last `recorded_at`. An appender
 *   takes its positions there (`update ... returning`) right before its insert; the row lock
 *   serialises appenders until commit, so positions have no gaps (a rolled-back transaction gives
 *   its positions back) and position order is commit order: a reader that sees position p sees
 *   every position below it, and needs no transaction-id guard. `recorded_at` is the later of the
 *   clock and the last one, so transaction time never decreases along positions.
 */
export function metricLedgerSchema(schema: string): string {
  return `
    create schema if not exists ${schema};
    do $$ begin
      if exists (select 1 from information_schema.columns where table_schema = '${schema}' and table_name = 'data_points' and column_name = 'transaction_id') then
        raise exception '${schema}.data_points has the layout from before the metric ledger had dense positions: replay its sources into a new schema (or drop this one)';
      end if;
    end $$;
    create table if not exists ${schema}.data_points (
      position bigint primary key,
      source_record_key text not null,
      record_version integer not null,
      metric text not null,
      subject_type text not null,
      subject_id text not null,
      operation text not null,
      value double precision,
      occurred_at timestamptz not null,
      recorded_at timestamptz not null,
      source_system text not null,
      source_record_id text not null,
      source_change_id text,
      actor text not null,
      correlation_id text not null,
      causation_id text not null,
      hash text not null,
      prev_hash text,
      unique (source_record_key, record_version)
    );
    create table if not exists ${schema}.ledger_counter (
      singleton boolean primary key default true check (singleton),
      position bigint not null,
      recorded_at timestamptz not null
    );
    insert into ${schema}.ledger_counter (position, recorded_at)
      select coalesce(max(position), 0), coalesce(max(recorded_at), 'epoch') from ${schema}.data_points
      on conflict (singleton) do nothing;
  `;
}
