import { MetricReader } from '@okr/goals-domain';

export { METRIC_INDEX } from '@okr/metric-ledger';

/**
 * The metric index this instance keeps, fed from metrics.datapoints.v1 and caught up from the
 * ledger: every bound goal's value is read from it (no goal event per data point).
 */
export interface MetricIndexReader extends MetricReader {
  /** Every ledger position up to this one is held: a value frozen at it can be computed again, exactly. */
  readonly watermark: number;
}
