import { EventMetadata, MetricDataPointMessage, RecordedEvent } from '@okr/contracts';
import { ReadAllOptions } from '@okr/event-store';
import { IngestionDatabase } from '../application/ingestion-database.port';
import { DATA_POINT_ACCEPTED } from './sql-data-point-ledger';

interface DataPointRow {
  position: string | number;
  source_record_key: string;
  record_version: number;
  data: MetricDataPointMessage;
  metadata: EventMetadata;
  hash: string;
  prev_hash: string | null;
}

/**
 * Reads the accepted data points in log order as recorded events (a stream per source record), so
 * the event store's checkpointed subscription can follow them. Like the event store, it reads only
 * rows of transactions older than every running one: a batch that took lower positions but
 * commits later is never skipped.
 */
export class SqlDataPointLog {
  constructor(private readonly db: IngestionDatabase) {}

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const rows = await this.db.query<DataPointRow>(
      `select position, source_record_key, record_version, data, metadata, hash, prev_hash from ${this.db.table('data_points')}
       where position > $1 and transaction_id < pg_snapshot_xmin(pg_current_snapshot()) order by position limit $2`,
      [options.fromPosition ?? 0, options.limit ?? 1000],
    );
    return rows.map((row) => ({
      type: DATA_POINT_ACCEPTED,
      streamId: row.source_record_key,
      streamVersion: row.record_version,
      globalPosition: Number(row.position),
      data: row.data,
      metadata: row.metadata,
      hash: row.hash,
      prevHash: row.prev_hash,
    }));
  }

  async headPosition(): Promise<number> {
    const [row] = await this.db.query<{ head: string | number | null }>(
      `select max(position) as head from ${this.db.table('data_points')} where transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
    );
    return Number(row?.head ?? 0);
  }
}
