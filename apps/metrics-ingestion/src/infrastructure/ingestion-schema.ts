import { metricLedgerSchema } from '@okr/metric-ledger';
import { subscriptionCheckpointsTable } from '@okr/event-store';

/**
 * Ingestion's tables, created idempotently on start: the metric ledger (libs/metric-ledger, whose
 * `data_points` is also the publisher's outbox) and what ingestion keeps beside it.
 */
export function ingestionSchema(schema: string): string {
  return `
    ${metricLedgerSchema(schema)}
    create table if not exists ${schema}.metrics (
      key text primary key,
      name text not null,
      unit text not null,
      description text,
      defined_at timestamptz not null,
      defined_by text not null
    );
    create table if not exists ${schema}.sources (
      id text primary key,
      kind text not null,
      name text not null,
      description text,
      defined_at timestamptz not null,
      defined_by text not null
    );
    ${subscriptionCheckpointsTable(schema)}
    create table if not exists ${schema}.import_jobs (
      id uuid primary key,
      file_name text,
      state text not null,
      bytes_read bigint not null default 0,
      rows_read integer not null default 0,
      accepted integer not null default 0,
      unchanged integer not null default 0,
      rejected integer not null default 0,
      failure text,
      started_at timestamptz not null,
      finished_at timestamptz,
      started_by text not null
    );
    alter table ${schema}.import_jobs add column if not exists committed_through_line integer not null default 1;
    alter table ${schema}.import_jobs add column if not exists current_rows_per_second double precision not null default 0;
    alter table ${schema}.import_jobs add column if not exists heartbeat_at timestamptz;
    alter table ${schema}.import_jobs add column if not exists source_system text;
    create table if not exists ${schema}.import_job_errors (
      job_id uuid not null,
      row_number integer not null,
      field text not null,
      reason text not null
    );
    create index if not exists import_job_errors_job on ${schema}.import_job_errors (job_id, row_number);
    create table if not exists ${schema}.source_record_orders (
      source_record_key text primary key,
      kind text not null,
      value double precision not null
    );
    create table if not exists ${schema}.salesforce_opportunities (
      id text primary key,
      fields jsonb not null,
      deleted boolean not null,
      held_for text,
      updated_at timestamptz not null
    );
    create index if not exists salesforce_opportunities_owner on ${schema}.salesforce_opportunities ((fields->>'OwnerId'));
    create table if not exists ${schema}.salesforce_changes (
      transaction_key text not null,
      sequence_number integer not null,
      record_id text not null,
      received_at timestamptz not null,
      primary key (transaction_key, sequence_number, record_id)
    );
    create table if not exists ${schema}.salesforce_owners (
      owner_id text primary key,
      person_id text not null,
      mapped_at timestamptz not null,
      mapped_by text not null
    );
    create table if not exists ${schema}.reconciliation_items (
      id bigint generated always as identity primary key,
      kind text not null,
      entity text not null,
      change_type text not null,
      record_ids jsonb not null,
      transaction_key text,
      commit_timestamp text,
      repair text not null,
      recorded_at timestamptz not null
    );
  `;
}
