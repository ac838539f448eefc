import { CheckIn } from '../shared/check-in';
import { BoundMetric } from './metric-contribution';
import { boundMetricValue, ValueInstants } from './metric-value';

/** What a goal's progress, attainment or health is computed from. */
export interface ValuedGoal {
  latestCheckIn: CheckIn | null;
  boundMetric?: BoundMetric;
}

/**
 * The value of a goal: for a goal bound to a metric, the aggregation of its records' current
 * contributions read at `at` (see metricValue); otherwise its holding check-in. null: no value yet.
 */
export function goalValue(goal: ValuedGoal, at?: ValueInstants): number | null {
  if (goal.boundMetric) return boundMetricValue(goal.boundMetric, at).value;
  return goal.latestCheckIn?.value ?? null;
}
