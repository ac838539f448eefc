import { Pool } from 'pg';
import { SqlClient, SqlQuery } from '../sql/sql-client';

export class PgSqlClient implements SqlClient {
  constructor(private readonly pool: Pool) {}

  async query<Row>(text: string, params?: unknown[]): Promise<Row[]> {
    const result = await this.pool.query(text, params);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return (last?.rows ?? []) as Row[];
  }

  async transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await fn({ query: async <Row>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as Row[] });
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
