import { MetricBinding } from '@okr/goals-domain';
import { StoredGoalEvent } from './stored-goal-event';

/**
 * Metric bindings equal in every field held as one object. The domain's BoundValues makes a
 * binding's query and reading once per report, by binding: a team's objectives that bind the team's
 * closed-won amount then read the index once, not once each (a whole-cycle dashboard has thousands).
 */
export class SharedBindings {
  private readonly held = new Map<string, MetricBinding>();

  /** The event with its binding (if it has one) replaced by the one held for equal bindings. */
  in(event: StoredGoalEvent): StoredGoalEvent {
    const binding = (event.data as { binding?: unknown } | null)?.binding;
    if (!binding || typeof binding !== 'object') return event;
    const key = canonical(binding);
    let shared = this.held.get(key);
    if (!shared) this.held.set(key, (shared = binding as MetricBinding));
    return shared === binding ? event : { ...event, data: { ...(event.data as object), binding: shared } };
  }
}

/** JSON with every object's keys sorted: equal for equal values whatever order a document kept its keys in. */
function canonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
    .join(',')}}`;
}
