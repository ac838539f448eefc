import { SqlQuery } from '@okr/event-store';

export const INGESTION_DATABASE = Symbol('INGESTION_DATABASE');

/** A transaction of ingestion's, knowing whether it is a retry. */
export interface IngestionTransaction extends SqlQuery {
  /** 1, then 2... when a concurrent writer appended the same record's next version first. */
  readonly attempt: number;
}

/** Ingestion's own tables: a schema in the PostgreSQL (or PGlite) database it was given. */
export interface IngestionDatabase {
  readonly schema: string;
  /** Schema-qualified table name, e.g. `ingestion.metrics`. */
  table(name: string): string;
  query: SqlQuery['query'];
  /**
   * Runs fn in one transaction, again when a concurrent writer appended the same record's next version first.
   * Throws UnstorableDataError when the database refused a value itself (rolled back).
   */
  transaction<T>(fn: (tx: IngestionTransaction) => Promise<T>): Promise<T>;
  /** Called after every committed transaction (the publisher wakes up instead of waiting to poll). */
  onCommit(listener: () => void): () => void;
}
