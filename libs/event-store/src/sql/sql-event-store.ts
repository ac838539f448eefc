import { NewEvent, RecordedEvent } from '@okr/contracts';
import {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
} from '../event-store.port';
import { computeEventHash } from '../hash-chain';
import { WrongExpectedVersionError } from '../wrong-expected-version.error';
import { PollingSubscription } from './polling-subscription';
import { SqlClient } from './sql-client';

const INSERT_CHUNK = 500;
const UNIQUE_VIOLATION = '23505';

interface EventRow {
  global_position: string | number | bigint;
  stream_id: string;
  stream_version: number;
  type: string;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
  hash: string;
  prev_hash: string | null;
}

/** The event store on PostgreSQL SQL, shared by the embedded (PGlite) and server (pg) adapters. */
export class SqlEventStore implements EventStore {
  private readonly subscriptions = new Set<PollingSubscription>();

  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
  ) {}

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    try {
      const result = await this.sql.transaction(async (tx) => {
        const [stream] = await tx.query<{ version: number; last_hash: string }>(
          `select version, last_hash from ${this.schema}.streams where stream_id = $1 for update`,
          [streamId],
        );
        const current = stream?.version ?? 0;
        if (options.expectedVersion !== 'any' && options.expectedVersion !== current) {
          throw new WrongExpectedVersionError(streamId, options.expectedVersion, current);
        }
        let prevHash: string | null = stream?.last_hash ?? null;
        const rows = events.map((event, index) => {
          const streamVersion = current + index + 1;
          const hash = computeEventHash(prevHash, { streamId, streamVersion, type: event.type, data: event.data, metadata: event.metadata });
          const row = { streamVersion, event, hash, prevHash };
          prevHash = hash;
          return row;
        });
        let lastGlobalPosition = 0;
        for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
          const chunk = rows.slice(start, start + INSERT_CHUNK);
          const params: unknown[] = [];
          const values = chunk.map(({ streamVersion, event, hash, prevHash: prev }) => {
            const p = params.length;
            params.push(streamId, streamVersion, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata),
              event.metadata.recordedAt, event.metadata.effectiveAt, hash, prev);
            return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}::jsonb, $${p + 6}::jsonb, $${p + 7}, $${p + 8}, $${p + 9}, $${p + 10})`;
          });
          const inserted = await tx.query<{ global_position: string | number }>(
            `insert into ${this.schema}.events (stream_id, stream_version, event_id, type, data, metadata, recorded_at, effective_at, hash, prev_hash)
             values ${values.join(', ')} returning global_position`,
            params,
          );
          lastGlobalPosition = Number(inserted[inserted.length - 1].global_position);
        }
        const version = current + events.length;
        await tx.query(
          `insert into ${this.schema}.streams (stream_id, version, last_hash) values ($1, $2, $3)
           on conflict (stream_id) do update set version = excluded.version, last_hash = excluded.last_hash`,
          [streamId, version, prevHash],
        );
        return { nextExpectedVersion: version, lastGlobalPosition };
      });
      for (const subscription of this.subscriptions) subscription.wake();
      return result;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && !(error instanceof WrongExpectedVersionError)) {
        // Two writers created the same stream at once: the loser sees the winner's version.
        const [stream] = await this.sql.query<{ version: number }>(`select version from ${this.schema}.streams where stream_id = $1`, [streamId]);
        const expected = options.expectedVersion === 'any' ? -1 : options.expectedVersion;
        throw new WrongExpectedVersionError(streamId, expected, stream?.version ?? 0);
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const params: unknown[] = [streamId, options.afterVersion ?? 0];
    let where = 'stream_id = $1 and stream_version > $2';
    if (options.toGlobalPosition !== undefined) {
      params.push(options.toGlobalPosition);
      where += ` and global_position <= $${params.length}`;
    }
    if (options.recordedUpTo !== undefined) {
      params.push(options.recordedUpTo);
      where += ` and recorded_at <= $${params.length}`;
    }
    const rows = await this.sql.query<EventRow>(
      `select global_position, stream_id, stream_version, type, data, metadata, hash, prev_hash
       from ${this.schema}.events where ${where} order by stream_version`,
      params,
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const params: unknown[] = [options.fromPosition ?? 0, options.limit ?? 1000];
    let where = 'global_position > $1';
    if (options.types?.length) {
      params.push(options.types);
      where += ` and type = any($${params.length}::text[])`;
    }
    // Only events of transactions older than every running one: a transaction that took a lower
    // position but commits later must not be skipped by a reader that already moved past it.
    const rows = await this.sql.query<EventRow>(
      `select global_position, stream_id, stream_version, type, data, metadata, hash, prev_hash
       from ${this.schema}.events
       where ${where} and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       order by global_position limit $2`,
      params,
    );
    return rows.map(toRecordedEvent);
  }

  /** The highest position a reader may already see (see readAll). */
  async headPosition(): Promise<number> {
    const [row] = await this.sql.query<{ head: string | number | null }>(
      `select max(global_position) as head from ${this.schema}.events where transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
    );
    return Number(row?.head ?? 0);
  }

  subscribe(options: SubscribeOptions): EventSubscription {
    const subscription = new PollingSubscription(this, this.sql, this.schema, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: Number(row.global_position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}
