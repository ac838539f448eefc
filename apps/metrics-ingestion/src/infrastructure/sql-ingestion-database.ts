import { SqlClient } from '@okr/event-store';
import { IngestionDatabase, IngestionTransaction } from '../application/ingestion-database.port';
import { UnstorableDataError } from '../application/unstorable-data.error';
import { ingestionSchema } from './ingestion-schema';

const UNIQUE_VIOLATION = '23505';
/**
 * SQLSTATE classes of a value the database refuses: 22 data exception (a NUL in text, a date out of
 * range), 54 program limit exceeded (an index row too large).
 */
const VALUE_REFUSED = /^(22|54)/;
/** A retry appends holding the ledger's turn (SqlDataPointLedger), so it cannot lose the race again: the third attempt is for a conflict elsewhere. */
const ATTEMPTS = 3;

/** Ingestion's schema in a database it may share (the all-in-one process hands it the goals PGlite). */
export class SqlIngestionDatabase implements IngestionDatabase {
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly sql: SqlClient,
    readonly schema: string,
  ) {}

  static async open(sql: SqlClient, schema: string): Promise<SqlIngestionDatabase> {
    await sql.query(ingestionSchema(schema));
    return new SqlIngestionDatabase(sql, schema);
  }

  table(name: string): string {
    return `${this.schema}.${name}`;
  }

  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]> {
    return this.sql.query<Row>(text, params);
  }

  async transaction<T>(fn: (tx: IngestionTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.sql.transaction((tx) => fn({ query: (text, params) => tx.query(text, params), attempt }));
        for (const listener of this.listeners) listener();
        return result;
      } catch (error) {
        // Two writers decided the same record's next version on the same head (the ledger's unique
        // (record, version) refused the second): the loser decides again on what the winner wrote.
        // Its rollback gave back the ledger positions it took, so positions stay dense.
        const code = (error as { code?: string }).code ?? '';
        if (VALUE_REFUSED.test(code)) throw new UnstorableDataError(error);
        if (code !== UNIQUE_VIOLATION || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
