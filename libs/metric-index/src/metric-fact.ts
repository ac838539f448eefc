/** Whose number a fact is: a person's (private to them, their leads and admins) or a unit's own. */
export interface FactSubject {
  type: 'person' | 'unit';
  id: string;
}

/**
 * One version of one source record's contribution to one metric, exactly as the metric ledger
 * recorded it. Facts never change: a newer version of the same record supersedes an older one
 * (a changed amount, a moved close date, a deal given to another person, a retraction).
 * Instants are epoch milliseconds.
 */
export interface MetricFact {
  /** The fact's place in the ledger: 1, 2, 3... without gaps, in commit order. */
  position: number;
  metric: string;
  subject: FactSubject;
  /** `${source.system}:${source.recordId}:${metric}`: the record these versions belong to. */
  sourceRecordKey: string;
  source: { system: string; recordId: string };
  /** 1, 2, 3... per record; a higher version always has a higher position. */
  recordVersion: number;
  operation: 'upsert' | 'retract';
  /** Absent for a retraction. */
  value?: number;
  /** Valid time: when it was true in the world (a deal's close date). */
  occurredAt: number;
  /** Transaction time: when the ledger recorded it. Never decreases as positions grow. */
  recordedAt: number;
}
