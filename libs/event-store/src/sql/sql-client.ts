/**
 * The little the SQL event store needs from a PostgreSQL connection, so one implementation serves
 * the embedded PGlite database and a PostgreSQL server alike.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs fn in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlQuery = Pick<SqlClient, 'query'>;
