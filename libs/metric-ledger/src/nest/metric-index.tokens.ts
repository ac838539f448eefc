import { MetricDataPointMessage } from '@okr/contracts';

/** The metric index a service reads bound goals' values from (a MetricIndex, kept complete by its feed). */
export const METRIC_INDEX = Symbol('METRIC_INDEX');

export const METRIC_FACTS = Symbol('METRIC_FACTS');

/** Where facts from the bus go: the feed that keeps the index complete (duplicates and any order are fine). */
export interface MetricFactsSink {
  apply(messages: readonly MetricDataPointMessage[]): void;
}
