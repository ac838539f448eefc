import { Inject, Injectable } from '@nestjs/common';
import { EventMetadata, MetricDataPointMessage } from '@okr/contracts';
import { computeEventHash, insertRows, SqlQuery } from '@okr/event-store';
import { randomUUID } from 'node:crypto';
import { ContributionChange, CurrentContribution, dataPointIdOf, sourceRecordKeyOf } from '../application/contribution';
import { decideContribution } from '../application/contribution.decision';
import { ChangeOrigin, ChangeOutcome, DataPointLedger } from '../application/data-point-ledger.port';
import { INGESTION_DATABASE, IngestionDatabase } from '../application/ingestion-database.port';
import { CLOCK, Clock } from '@okr/service-kit';

/** The type data points carry in the log (its rows read as recorded events, one stream per record). */
export const DATA_POINT_ACCEPTED = 'MetricDataPointAccepted';

interface ContributionRow {
  source_record_key: string;
  subject_type: 'person' | 'unit';
  subject_id: string;
  operation: 'upsert' | 'retract';
  value: number | null;
  occurred_at: string;
  record_version: number;
  last_hash: string;
}

interface AcceptedDataPoint {
  message: MetricDataPointMessage;
  metadata: EventMetadata;
  hash: string;
  prevHash: string | null;
}

/** The data-point log and record heads in SQL: one multi-row insert per table per batch. */
@Injectable()
export class SqlDataPointLedger implements DataPointLedger {
  constructor(
    @Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(tx: SqlQuery, changes: ContributionChange[], origin: ChangeOrigin): Promise<ChangeOutcome[]> {
    if (changes.length === 0) return [];
    const heads = await this.lockHeads(tx, [...new Set(changes.map(sourceRecordKeyOf))]);
    const receivedAt = this.clock.now().toISOString();
    const accepted: AcceptedDataPoint[] = [];
    const touched = new Set<string>();
    const outcomes = changes.map((change): ChangeOutcome => {
      const sourceRecordKey = sourceRecordKeyOf(change);
      let head = heads.get(sourceRecordKey);
      const decision = decideContribution(head, change);
      if (decision.outcome === 'unchanged') return { status: 'unchanged' };
      const dataPointIds: string[] = [];
      for (const draft of decision.dataPoints) {
        const dataPointId = dataPointIdOf(sourceRecordKey, draft.recordVersion);
        const message: MetricDataPointMessage = {
          dataPointId,
          metric: change.metric,
          subject: draft.subject,
          operation: draft.operation,
          ...(draft.value === undefined ? {} : { value: draft.value }),
          occurredAt: draft.occurredAt,
          receivedAt,
          source: change.source,
          sourceRecordKey,
          recordVersion: draft.recordVersion,
          actor: `integration:${change.source.system}`,
          correlationId: origin.correlationId,
        };
        const metadata: EventMetadata = {
          eventId: randomUUID(),
          actor: origin.actor,
          recordedAt: receivedAt,
          effectiveAt: draft.occurredAt,
          correlationId: origin.correlationId,
          causationId: origin.causationId,
          schemaVersion: 1,
        };
        const prevHash = head?.lastHash ?? null;
        const hash = computeEventHash(prevHash, { streamId: sourceRecordKey, streamVersion: draft.recordVersion, type: DATA_POINT_ACCEPTED, data: message, metadata });
        accepted.push({ message, metadata, hash, prevHash });
        head = { sourceRecordKey, ...draft, lastHash: hash };
        dataPointIds.push(dataPointId);
      }
      heads.set(sourceRecordKey, head!);
      touched.add(sourceRecordKey);
      return { status: 'accepted', dataPointIds };
    });
    await this.append(tx, accepted);
    await this.storeHeads(tx, [...touched].map((key) => heads.get(key)!));
    return outcomes;
  }

  private async lockHeads(tx: SqlQuery, keys: string[]): Promise<Map<string, CurrentContribution>> {
    const rows = await tx.query<ContributionRow>(`select * from ${this.db.table('contributions')} where source_record_key = any($1::text[]) for update`, [keys]);
    return new Map(
      rows.map((row) => [
        row.source_record_key,
        {
          sourceRecordKey: row.source_record_key,
          subject: { type: row.subject_type, id: row.subject_id },
          operation: row.operation,
          ...(row.value === null ? {} : { value: Number(row.value) }),
          occurredAt: row.occurred_at,
          recordVersion: row.record_version,
          lastHash: row.last_hash,
        },
      ]),
    );
  }

  private async append(tx: SqlQuery, accepted: AcceptedDataPoint[]): Promise<void> {
    await insertRows(
      tx,
      this.db.table('data_points'),
      ['source_record_key', 'record_version', 'event_id', 'data::jsonb', 'metadata::jsonb', 'hash', 'prev_hash'],
      accepted.map(({ message, metadata, hash, prevHash }) => [message.sourceRecordKey, message.recordVersion, metadata.eventId, JSON.stringify(message), JSON.stringify(metadata), hash, prevHash]),
    );
  }

  private async storeHeads(tx: SqlQuery, heads: CurrentContribution[]): Promise<void> {
    await insertRows(
      tx,
      this.db.table('contributions'),
      ['source_record_key', 'subject_type', 'subject_id', 'operation', 'value::double precision', 'occurred_at', 'record_version::integer', 'last_hash'],
      heads.map((head) => [head.sourceRecordKey, head.subject.type, head.subject.id, head.operation, head.value ?? null, head.occurredAt, head.recordVersion, head.lastHash]),
      `on conflict (source_record_key) do update set subject_type = excluded.subject_type, subject_id = excluded.subject_id, operation = excluded.operation,
         value = excluded.value, occurred_at = excluded.occurred_at, record_version = excluded.record_version, last_hash = excluded.last_hash`,
    );
  }
}
