import { FactSubject } from './metric-fact';

/** How the counted facts make one number. */
export const metricAggregations = ['sum', 'count', 'last', 'average', 'min', 'max'] as const;
export type MetricAggregation = (typeof metricAggregations)[number];

/**
 * A subject's facts count when they occurred in [from, to): a person while a member of a unit of
 * the scope, a unit while it sat under the scope's unit. ±Infinity for unbounded.
 */
export interface ScopeInterval {
  readonly subject: Readonly<FactSubject>;
  readonly from: number;
  readonly to: number;
}

/**
 * Which facts make a bound goal's value, in both times. A fact counts when:
 * - it is about `metric`;
 * - its record's version visible at `upToPosition` is this fact (the highest version whose
 *   position is at most `upToPosition`), and that version is an upsert;
 * - its subject has a scope interval containing its occurredAt;
 * - its occurredAt lies in `window` and is at most `asOf`.
 */
export interface MetricQuery {
  metric: string;
  /**
   * Intervals of one subject never overlap: the caller merges them. A scope read for many goals
   * should be passed as the same array each time: the index resolves an array it reads again to
   * its series once (and keeps answers for it), so an array and its intervals must not change once
   * read; a changed scope is a new array.
   */
  scope: readonly ScopeInterval[];
  /** [from, to) of occurrence. */
  window: { from: number; to: number };
  aggregation: MetricAggregation;
  /** Valid time: facts that occurred later do not count (Infinity: none left out). */
  asOf: number;
  /** Transaction time, as a ledger position: versions recorded after it are unknown (Infinity: all held). */
  upToPosition: number;
}

export interface MetricReading {
  /**
   * null when an aggregation of nothing has no meaning (last, average, min, max); sum and count
   * of nothing are 0. A sum is the correctly rounded exact sum of the counted values, whatever
   * their order or the path that computed it, so the same facts always give the same number.
   */
  value: number | null;
  /** How many facts counted. */
  count: number;
  /** How many distinct people have a counted fact (a unit's own facts are not a person's). */
  people: number;
}

/** A fact that counted, for lineage: where the number came from. */
export interface CountedFact {
  position: number;
  sourceRecordKey: string;
  source: { system: string; recordId: string };
  recordVersion: number;
  subject: FactSubject;
  value: number;
  occurredAt: number;
  recordedAt: number;
}
