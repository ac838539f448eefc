import { RuleViolationError } from '../shared/domain-error';
import { MetricBinding, sameBinding, validBinding } from './metric-binding';

/** A binding and the valid time from which it is in force (until the next one's). Goals keep them in valid-time order. */
export interface BindingPeriod {
  binding: MetricBinding;
  effectiveAt: string;
}

/** Each period's effectiveAt parsed once: a report asks every bound goal for its binding at an instant. */
const parsedEffectiveAt = new WeakMap<BindingPeriod, number>();

function effectiveOf(period: BindingPeriod): number {
  let effective = parsedEffectiveAt.get(period);
  if (effective === undefined) parsedEffectiveAt.set(period, (effective = Date.parse(period.effectiveAt)));
  return effective;
}

/** The binding in force at `instant` (epoch ms): the one with the latest effectiveAt not after it. */
export function bindingInForce(periods: readonly BindingPeriod[], instant: number): MetricBinding | null {
  let inForce: MetricBinding | null = null;
  for (const period of periods) {
    if (effectiveOf(period) > instant) break;
    inForce = period.binding;
  }
  return inForce;
}

/**
 * What binding (or re-binding) a goal from `effectiveAt` records: the binding, or null when the
 * same one is already in force then. A binding counts every fact in its window, whenever it was made.
 */
export function bindingToRecord(periods: readonly BindingPeriod[], binding: MetricBinding, effectiveAt: string): { binding: MetricBinding; previous: MetricBinding | null } | null {
  const valid = validBinding(binding);
  const previous = bindingInForce(periods, Date.parse(effectiveAt));
  if (previous && sameBinding(previous, valid)) return null;
  return { binding: valid, previous };
}

/** The periods with a new binding in force from `effectiveAt`, after any that start at the same instant. */
export function withBindingPeriod(periods: readonly BindingPeriod[], binding: MetricBinding, effectiveAt: string): BindingPeriod[] {
  const from = Date.parse(effectiveAt);
  const later = periods.findIndex((period) => effectiveOf(period) > from);
  const at = later === -1 ? periods.length : later;
  return [...periods.slice(0, at), { binding, effectiveAt }, ...periods.slice(at)];
}

/** A goal bound to a metric at an instant takes its value from the metric then: a check-in for that instant would be ignored, so it is refused. */
export function assertNotBoundAt(periods: readonly BindingPeriod[], effectiveAt: string, goal: string, field?: string): void {
  const binding = bindingInForce(periods, Date.parse(effectiveAt));
  if (binding) throw new RuleViolationError(`${goal} takes its value from ${binding.metric} at ${effectiveAt}; its facts move it, not check-ins`, field);
}
