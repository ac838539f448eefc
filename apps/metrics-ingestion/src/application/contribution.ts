import { MetricDataPointMessage } from '@okr/contracts';
import { SourceOrder } from './source-order';

export type Subject = MetricDataPointMessage['subject'];

/**
 * What a source says one of its records contributes now to one metric: the input of every source
 * (a batch row, a CSV row, a webhook item, an opportunity's derived amount).
 */
export interface ContributionChange {
  metric: string;
  subject: Subject;
  operation: 'upsert' | 'retract';
  /** Required for an upsert, absent for a retraction. */
  value?: number;
  /** Valid time, as a UTC ISO instant (normalised, so the same instant is the same text). */
  occurredAt: string;
  source: { system: string; recordId: string; changeId?: string };
  /** The record's version or modification time at the source, when it says: orders its changes. */
  sourceOrder?: SourceOrder;
}

/** What a record contributes as far as ingestion last accepted: the head of its versions in the ledger. */
export interface CurrentContribution {
  sourceRecordKey: string;
  subject: Subject;
  operation: 'upsert' | 'retract';
  value?: number;
  occurredAt: string;
  recordVersion: number;
}

/** A data point ingestion is about to accept (the ledger adds ids, times and the hash). */
export interface DataPointDraft {
  subject: Subject;
  operation: 'upsert' | 'retract';
  value?: number;
  occurredAt: string;
  recordVersion: number;
}

export function sourceRecordKeyOf(change: Pick<ContributionChange, 'metric' | 'source'>): string {
  return `${change.source.system}:${change.source.recordId}:${change.metric}`;
}

export function dataPointIdOf(sourceRecordKey: string, recordVersion: number): string {
  return `${sourceRecordKey}@${recordVersion}`;
}
