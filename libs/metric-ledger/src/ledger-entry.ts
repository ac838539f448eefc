import { MetricDataPointMessage } from '@okr/contracts';

/** A record's latest version in the ledger: what it contributes now, the state its next change is decided on. */
export interface RecordHead {
  sourceRecordKey: string;
  subject: MetricDataPointMessage['subject'];
  operation: 'upsert' | 'retract';
  /** Absent for a retraction. */
  value?: number;
  /** Valid time, as a UTC ISO instant. */
  occurredAt: string;
  recordVersion: number;
  /** The version's hash, which the next version's chains to. */
  hash: string;
}

/** A version of a source record to append: what it says and who caused it. The ledger adds its place, its time and its hash. */
export interface NewLedgerEntry {
  /** `${source.system}:${source.recordId}:${metric}`. */
  sourceRecordKey: string;
  /** The record's previous version + 1 (1 for a new record). */
  recordVersion: number;
  metric: string;
  subject: MetricDataPointMessage['subject'];
  operation: 'upsert' | 'retract';
  /** Required for an upsert, absent for a retraction. */
  value?: number;
  /** Valid time, an ISO instant (stored to the millisecond). */
  occurredAt: string;
  source: MetricDataPointMessage['source'];
  /** Who sent it: the token's subject. */
  actor: string;
  correlationId: string;
  causationId: string;
}

export interface AppendedEntries {
  firstPosition: number;
  lastPosition: number;
  /** The transaction time every entry of the append got. */
  recordedAt: string;
}
