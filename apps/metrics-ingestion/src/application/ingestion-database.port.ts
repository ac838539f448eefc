import { SqlQuery } from '@okr/event-store';

export const INGESTION_DATABASE = Symbol('INGESTION_DATABASE');

/** Ingestion's own tables: a schema in the PostgreSQL (or PGlite) database it was given. */
export interface IngestionDatabase {
  readonly schema: string;
  /** Schema-qualified table name, e.g. `ingestion.metrics`. */
  table(name: string): string;
  query: SqlQuery['query'];
  /** Runs fn in one transaction, again when a concurrent writer took the same new record first. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  /** Called after every committed transaction (the publisher wakes up instead of waiting to poll). */
  onCommit(listener: () => void): () => void;
}
