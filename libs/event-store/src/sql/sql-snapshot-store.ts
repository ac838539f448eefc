import { Snapshot, SnapshotStore } from '../snapshot-store.port';
import { SqlQuery } from './sql-client';

export class SqlSnapshotStore implements SnapshotStore {
  constructor(
    private readonly sql: SqlQuery,
    private readonly schema: string,
  ) {}

  async load<State>(streamId: string, schema: string): Promise<Snapshot<State> | null> {
    const [row] = await this.sql.query<{ version: number; schema: string; state: State }>(
      `select version, schema, state from ${this.schema}.snapshots where stream_id = $1`,
      [streamId],
    );
    if (!row || row.schema !== schema) return null;
    return { streamId, version: row.version, schema: row.schema, state: row.state };
  }

  async save(snapshot: Snapshot): Promise<void> {
    // A slower writer must not replace a newer snapshot with an older one.
    await this.sql.query(
      `insert into ${this.schema}.snapshots (stream_id, version, schema, state, taken_at) values ($1, $2, $3, $4::jsonb, now())
       on conflict (stream_id) do update set version = excluded.version, schema = excluded.schema, state = excluded.state, taken_at = excluded.taken_at
       where ${this.schema}.snapshots.version <= excluded.version or ${this.schema}.snapshots.schema <> excluded.schema`,
      [snapshot.streamId, snapshot.version, snapshot.schema, JSON.stringify(snapshot.state)],
    );
  }
}
