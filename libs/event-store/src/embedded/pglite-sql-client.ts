import { PGlite } from '@electric-sql/pglite';
import { SqlClient, SqlQuery } from '../sql/sql-client';

/** PGlite is one connection: its own queue serialises queries and transactions. */
export class PgliteSqlClient implements SqlClient {
  constructor(private readonly db: PGlite) {}

  async query<Row>(text: string, params?: unknown[]): Promise<Row[]> {
    if (!params?.length) {
      const results = await this.db.exec(text);
      return (results[results.length - 1]?.rows ?? []) as Row[];
    }
    return (await this.db.query<Row>(text, params)).rows;
  }

  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn({ query: async <Row>(text: string, params?: unknown[]) => (await tx.query<Row>(text, params)).rows }),
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
