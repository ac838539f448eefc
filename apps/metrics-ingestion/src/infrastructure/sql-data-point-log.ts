import { MetricDataPointMessage, RecordedEvent } from '@okr/contracts';
import { ReadAllOptions } from '@okr/event-store';
import { eventOfRow, SqlMetricLedgerReader } from '@okr/metric-ledger';
import { IngestionDatabase } from '../application/ingestion-database.port';

/**
 * Reads the metric ledger in position order as recorded events (a stream per source record), so
 * the event store's checkpointed subscription can follow it as the publisher's outbox. Positions
 * are dense and in commit order, so reading past the last position seen never skips a row that
 * commits later.
 */
export class SqlDataPointLog {
  private readonly ledger: SqlMetricLedgerReader;

  constructor(db: IngestionDatabase) {
    this.ledger = new SqlMetricLedgerReader(db, db.schema);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent<string, MetricDataPointMessage>[]> {
    return (await this.ledger.readRowsAfter(options.fromPosition ?? 0, options.limit ?? 1000)).map(eventOfRow);
  }

  headPosition(): Promise<number> {
    return this.ledger.head();
  }
}
