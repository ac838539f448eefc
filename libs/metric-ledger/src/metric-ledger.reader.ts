import { MetricFact } from '@okr/metric-index';

export const METRIC_LEDGER_READER = Symbol('METRIC_LEDGER_READER');

/**
 * The metric ledger read by position, for a metric index to catch up and to repair what the bus
 * did not deliver. Positions are dense and in commit order, so "after p" misses nothing.
 */
export interface MetricLedgerReader {
  /** At most `limit` facts with position > afterPosition, in position order. */
  readAfter(afterPosition: number, limit: number): Promise<MetricFact[]>;
  /** The highest committed position (0 for an empty ledger). */
  head(): Promise<number>;
}
