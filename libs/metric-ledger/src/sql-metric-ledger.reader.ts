import { SqlQuery } from '@okr/event-store';
import { MetricFact } from '@okr/metric-index';
import { LedgerRow } from './ledger-row';
import { MetricLedgerReader } from './metric-ledger.reader';

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/** A fact as the page's JSON array holds it, in this order. */
type FactTuple = [number, string, 'person' | 'unit', string, string, string, string, number, 'upsert' | 'retract', number | null, number, number];

/**
 * The ledger's tables (metricLedgerSchema) read over SQL, PGlite and PostgreSQL alike. A page
 * leaves the database as one JSON text (json_agg), which JSON.parse reads far faster than PGlite
 * parses rows field by field: 2.9 times the rate of a plain ordered select there, 1.4 times on
 * PostgreSQL (docs/metric-ledger.md). Instants leave as epoch milliseconds, what a fact holds.
 */
export class SqlMetricLedgerReader implements MetricLedgerReader {
  constructor(
    private readonly sql: SqlQuery,
    /** The schema the ledger lives in (metrics-ingestion's, `ingestion` by default). */
    private readonly schema: string,
  ) {}

  async readAfter(afterPosition: number, limit: number): Promise<MetricFact[]> {
    const page = await this.page<FactTuple>(
      `json_build_array(position, metric, subject_type, subject_id, source_record_key, source_system, source_record_id, record_version, operation, value, ${ms('occurred_at')}, ${ms('recorded_at')})`,
      afterPosition,
      limit,
    );
    return page.map(([position, metric, subjectType, subjectId, sourceRecordKey, system, recordId, recordVersion, operation, value, occurredAt, recordedAt]) => {
      const fact: MetricFact = { position, metric, subject: { type: subjectType, id: subjectId }, sourceRecordKey, source: { system, recordId }, recordVersion, operation, occurredAt, recordedAt };
      if (value !== null) fact.value = value;
      return fact;
    });
  }

  /** Whole rows, for the outbox relay (messageOfRow) and for checking a record's hash chain (eventOfRow). */
  readRowsAfter(afterPosition: number, limit: number): Promise<LedgerRow[]> {
    return this.page<LedgerRow>(
      `json_build_object('position', position, 'source_record_key', source_record_key, 'record_version', record_version, 'metric', metric,
         'subject_type', subject_type, 'subject_id', subject_id, 'operation', operation, 'value', value, 'occurred_at', ${ms('occurred_at')},
         'recorded_at', ${ms('recorded_at')}, 'source_system', source_system, 'source_record_id', source_record_id, 'source_change_id', source_change_id,
         'actor', actor, 'correlation_id', correlation_id, 'causation_id', causation_id, 'hash', hash, 'prev_hash', prev_hash)`,
      afterPosition,
      limit,
    );
  }

  async head(): Promise<number> {
    // The counter commits with the rows it numbered: it is the highest committed position.
    const [row] = await this.sql.query<{ position: number | string }>(`select position from ${this.schema}.ledger_counter`);
    return Number(row?.position ?? 0);
  }

  private async page<T>(element: string, afterPosition: number, limit: number): Promise<T[]> {
    const [row] = await this.sql.query<{ page: string }>(
      `select coalesce(json_agg(${element} order by position), '[]')::text as page
       from (select * from ${this.schema}.data_points where position > $1 order by position limit $2) as page`,
      [afterPosition, limit],
    );
    return JSON.parse(row.page) as T[];
  }
}
