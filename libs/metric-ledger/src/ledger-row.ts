import { EventMetadata, MetricDataPointMessage, RecordedEvent } from '@okr/contracts';

/** The type a ledger entry has when read as a recorded event (a stream per source record). */
export const DATA_POINT_ACCEPTED = 'MetricDataPointAccepted';

/** A `data_points` row as the ledger's SQL reads and writes it: instants as epoch milliseconds. */
export interface LedgerRow {
  position: number;
  source_record_key: string;
  record_version: number;
  metric: string;
  subject_type: 'person' | 'unit';
  subject_id: string;
  operation: 'upsert' | 'retract';
  value: number | null;
  occurred_at: number;
  recorded_at: number;
  source_system: string;
  source_record_id: string;
  source_change_id: string | null;
  /** Who sent it: the token's subject (a person, or integration:<source>). */
  actor: string;
  correlation_id: string;
  causation_id: string;
  hash: string;
  prev_hash: string | null;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** The row as published on metrics.datapoints.v1: exactly the message its hash was computed over. */
export function messageOfRow(row: LedgerRow): MetricDataPointMessage {
  const source: MetricDataPointMessage['source'] = { system: row.source_system, recordId: row.source_record_id };
  if (row.source_change_id !== null) source.changeId = row.source_change_id;
  return {
    dataPointId: `${row.source_record_key}@${row.record_version}`,
    metric: row.metric,
    subject: { type: row.subject_type, id: row.subject_id },
    operation: row.operation,
    ...(row.value === null ? {} : { value: Number(row.value) }),
    occurredAt: iso(Number(row.occurred_at)),
    receivedAt: iso(Number(row.recorded_at)),
    source,
    sourceRecordKey: row.source_record_key,
    recordVersion: row.record_version,
    actor: `integration:${row.source_system}`,
    correlationId: row.correlation_id,
    position: Number(row.position),
  };
}

/** The row's metadata as an event's: its id is the data point's, unique per accepted version. */
export function metadataOfRow(row: LedgerRow, message = messageOfRow(row)): EventMetadata {
  return {
    eventId: message.dataPointId,
    actor: row.actor,
    recordedAt: message.receivedAt,
    effectiveAt: message.occurredAt,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    schemaVersion: 1,
  };
}

/**
 * The row as a recorded event of its record's stream: what the outbox relay publishes and what
 * `verifyChain` (libs/event-store) checks a record's hash chain on.
 */
export function eventOfRow(row: LedgerRow): RecordedEvent<typeof DATA_POINT_ACCEPTED, MetricDataPointMessage> {
  const message = messageOfRow(row);
  return {
    type: DATA_POINT_ACCEPTED,
    streamId: row.source_record_key,
    streamVersion: row.record_version,
    globalPosition: message.position,
    data: message,
    metadata: metadataOfRow(row, message),
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}
