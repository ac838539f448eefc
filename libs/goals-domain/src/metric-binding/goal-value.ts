import { MetricReading } from '@okr/metric-index';
import { CheckIn } from '../shared/check-in';
import { BindingPeriod, bindingInForce } from './binding-periods';
import { MetricBinding } from './metric-binding';
import { ReadInstants, readInstant } from './read-instants';

/** What a goal's progress, attainment or health is computed from. */
export interface ValuedGoal {
  latestCheckIn: CheckIn | null;
  bindings: readonly BindingPeriod[];
}

/** A metric's reading for one binding, at the instants of the read (see metricQueryOf). */
export type ReadMetric = (binding: MetricBinding) => MetricReading;

/** The binding in force at the instant read at, or null: then the goal's value is its holding check-in. */
export function bindingAt(goal: ValuedGoal, at: ReadInstants): MetricBinding | null {
  return bindingInForce(goal.bindings, readInstant(at));
}

/**
 * The value of a goal: when a binding is in force at the instant read at, its metric's reading
 * (a pure function of the binding and the facts in its scope); otherwise its holding check-in.
 * null: no value yet.
 */
export function goalValue(goal: ValuedGoal, at: ReadInstants, readMetric: ReadMetric): number | null {
  const binding = bindingAt(goal, at);
  return binding ? readMetric(binding).value : checkInValue(goal);
}

/** The value of a goal that is not bound: its holding check-in's. */
export function checkInValue(goal: Pick<ValuedGoal, 'latestCheckIn'>): number | null {
  return goal.latestCheckIn?.value ?? null;
}
