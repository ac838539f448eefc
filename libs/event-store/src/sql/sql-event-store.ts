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
import { insertRows } from './insert-rows';
import { PollingSubscription } from './polling-subscription';
import { SqlClient, SqlQuery } from './sql-client';

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

interface EventRowToInsert {
  streamId: string;
  streamVersion: number;
  event: NewEvent;
  hash: string;
  prevHash: string | null;
}

/** One stream's part of an append to several streams. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

/** The event store on PostgreSQL SQL, shared by the embedded (PGlite) and server (pg) adapters. */
export class SqlEventStore implements EventStore {
  private readonly subscriptions = new Set<PollingSubscription>();

  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
  ) {}

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamId, events, expectedVersion: options.expectedVersion }]);
    return result;
  }

  /**
   * Appends to several streams in one transaction, each checked against its expected version,
   * all or none; results in the same order. Only the SQL adapter can (EventStoreDB has no
   * transaction across streams), so it is not on the port: appendToStream and the metric-ledger
   * benchmark's comparison use it.
   */
  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (appends.some(({ events }) => events.length === 0)) throw new Error('an append needs at least one event per stream');
    if (new Set(appends.map(({ streamId }) => streamId)).size !== appends.length) throw new Error('an append names each stream once');
    if (appends.length === 0) return [];
    try {
      const results = await this.sql.transaction(async (tx) => {
        const heads = await this.lockHeads(tx, appends.map(({ streamId }) => streamId));
        const rows: EventRowToInsert[] = [];
        const streams: { streamId: string; version: number; lastHash: string }[] = [];
        for (const { streamId, events, expectedVersion } of appends) {
          const head = heads.get(streamId);
          const current = head?.version ?? 0;
          if (expectedVersion !== 'any' && expectedVersion !== current) throw new WrongExpectedVersionError(streamId, expectedVersion, current);
          let prevHash: string | null = head?.lastHash ?? null;
          events.forEach((event, index) => {
            const streamVersion = current + index + 1;
            const hash = computeEventHash(prevHash, { streamId, streamVersion, type: event.type, data: event.data, metadata: event.metadata });
            rows.push({ streamId, streamVersion, event, hash, prevHash });
            prevHash = hash;
          });
          streams.push({ streamId, version: current + events.length, lastHash: prevHash! });
        }
        const positions = await this.insertEvents(tx, rows);
        await this.storeHeads(tx, streams);
        // Rows went in stream by stream, so a stream's last position is that of its last row.
        let inserted = 0;
        return streams.map(({ version }, i) => {
          inserted += appends[i].events.length;
          return { nextExpectedVersion: version, lastGlobalPosition: positions[inserted - 1] };
        });
      });
      for (const subscription of this.subscriptions) subscription.wake();
      return results;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && !(error instanceof WrongExpectedVersionError)) {
        // Two writers created the same stream at once: the loser sees the winner's version.
        throw await this.conflictAmong(appends);
      }
      throw error;
    }
  }

  /** The heads of the streams, locked until the transaction ends; in one order for every writer, so two never deadlock. */
  private async lockHeads(tx: SqlQuery, streamIds: string[]): Promise<Map<string, { version: number; lastHash: string }>> {
    const rows = await tx.query<{ stream_id: string; version: number; last_hash: string }>(
      `select stream_id, version, last_hash from ${this.schema}.streams where stream_id = any($1::text[]) order by stream_id for update`,
      [streamIds],
    );
    return new Map(rows.map((row) => [row.stream_id, { version: row.version, lastHash: row.last_hash }]));
  }

  /** The global positions given to the rows, in their order. */
  private async insertEvents(tx: SqlQuery, rows: EventRowToInsert[]): Promise<number[]> {
    const inserted = await insertRows<{ global_position: string | number }>(
      tx,
      `${this.schema}.events`,
      ['stream_id', 'stream_version', 'event_id', 'type', 'data::jsonb', 'metadata::jsonb', 'recorded_at', 'effective_at', 'hash', 'prev_hash'],
      rows.map(({ streamId, streamVersion, event, hash, prevHash }) => [
        streamId, streamVersion, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata),
        event.metadata.recordedAt, event.metadata.effectiveAt, hash, prevHash,
      ]),
      'returning global_position',
    );
    return inserted.map((row) => Number(row.global_position));
  }

  private async storeHeads(tx: SqlQuery, streams: { streamId: string; version: number; lastHash: string }[]): Promise<void> {
    await insertRows(
      tx,
      `${this.schema}.streams`,
      ['stream_id', 'version::integer', 'last_hash'],
      streams.map(({ streamId, version, lastHash }) => [streamId, version, lastHash]),
      'on conflict (stream_id) do update set version = excluded.version, last_hash = excluded.last_hash',
    );
  }

  /** After a lost race to create a stream: the first stream no longer at the version its writer expected. */
  private async conflictAmong(appends: StreamAppend[]): Promise<WrongExpectedVersionError> {
    const rows = await this.sql.query<{ stream_id: string; version: number }>(
      `select stream_id, version from ${this.schema}.streams where stream_id = any($1::text[])`,
      [appends.map(({ streamId }) => streamId)],
    );
    const versions = new Map(rows.map((row) => [row.stream_id, row.version]));
    const moved = appends.find(({ streamId, expectedVersion }) => expectedVersion !== 'any' && (versions.get(streamId) ?? 0) !== expectedVersion) ?? appends[0];
    const expected = moved.expectedVersion === 'any' ? -1 : moved.expectedVersion;
    return new WrongExpectedVersionError(moved.streamId, expected, versions.get(moved.streamId) ?? 0);
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
