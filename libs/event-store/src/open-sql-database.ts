import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Pool, types } from 'pg';
import { DataDirLock } from './embedded/data-dir-lock';
import { PgliteSqlClient } from './embedded/pglite-sql-client';
import { PgSqlClient } from './postgres/pg-sql-client';
import { SqlClient } from './sql/sql-client';

export type SqlDatabaseConfig =
  /** dataDir: a directory on disk, or 'memory://' for a throw-away database. */
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize?: number };

const INT8 = 20;

/**
 * A PostgreSQL connection: the embedded PGlite (holding the data directory's lock, released on
 * close) or a pool on a server. The event store and any service's own tables use it alike.
 */
export async function openSqlDatabase(config: SqlDatabaseConfig): Promise<SqlClient> {
  if (config.kind === 'postgres') {
    return new PgSqlClient(
      new Pool({
        connectionString: config.url,
        max: config.poolSize ?? 10,
        // Positions and versions fit in a JS number; return them as numbers, not strings.
        types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8 ? Number : types.getTypeParser(oid, format as 'text'))) as never },
      }),
    );
  }
  if (config.dataDir.startsWith('memory://')) return new PgliteSqlClient(await PGlite.create(config.dataDir));
  mkdirSync(dirname(config.dataDir), { recursive: true });
  const lock = DataDirLock.acquire(config.dataDir);
  try {
    const client = new PgliteSqlClient(await PGlite.create(config.dataDir));
    return {
      query: (text, params) => client.query(text, params),
      transaction: (fn) => client.transaction(fn),
      async close() {
        await client.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
