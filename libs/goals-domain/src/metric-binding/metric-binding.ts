import { MetricAggregation, metricAggregations } from '@okr/metric-index';
import { InvalidInputError } from '../shared/domain-error';

export { MetricAggregation, metricAggregations };

/**
 * Whose facts count: one person's, or a unit's members' (with its sub-units' when asked) for the
 * days they were members, and the units' own.
 */
export type MetricScope = { type: 'person'; personId: string } | { type: 'unit'; unitId: string; includeSubUnits: boolean };

/**
 * Which occurrences count, whenever the binding was made. A cycle-bound goal counts its cycle,
 * [from, to). A KPI has no cycle: it counts the calendar month or quarter (UTC) that contains the
 * instant it is read at, or all time.
 */
export type MetricWindow = { kind: 'cycle'; from: string; to: string } | { kind: 'calendar-month' } | { kind: 'calendar-quarter' } | { kind: 'all-time' };

export interface MetricBinding {
  metric: string;
  aggregation: MetricAggregation;
  scope: MetricScope;
  window: MetricWindow;
}

/** A metric is a dotted key, the same as metrics-ingestion defines: `sales.closed_won_amount`. */
export const METRIC_KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export function assertMetricKey(metric: string, field = 'metric'): void {
  if (!METRIC_KEY.test(metric)) throw new InvalidInputError('metric must be a dotted key like sales.closed_won_amount', field);
}

/** The window of a cycle whose dates (YYYY-MM-DD) are inclusive: from its first midnight to the midnight after its last day, UTC. */
export function cycleWindow(startsOn: string, endsOn: string): MetricWindow {
  const to = new Date(`${endsOn}T00:00:00.000Z`);
  to.setUTCDate(to.getUTCDate() + 1);
  return { kind: 'cycle', from: `${startsOn}T00:00:00.000Z`, to: to.toISOString() };
}

/** A binding as recorded: a valid metric key and a well-formed window. */
export function validBinding(binding: MetricBinding): MetricBinding {
  assertMetricKey(binding.metric);
  if (!metricAggregations.includes(binding.aggregation)) throw new InvalidInputError(`aggregation must be one of ${metricAggregations.join(', ')}`, 'aggregation');
  const window = binding.window;
  if (window.kind === 'cycle' && !(Date.parse(window.from) < Date.parse(window.to))) throw new InvalidInputError('the window must end after it starts', 'window');
  return binding;
}

/** Equal in every field, whatever order a stored document keeps its keys in. */
export function sameBinding(a: MetricBinding, b: MetricBinding): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
    .join(',')}}`;
}

/** [from, to) in epoch milliseconds of the occurrences a window counts, read at `anchor`. Calendar periods are UTC. */
export function windowRange(window: MetricWindow, anchor: number): { from: number; to: number } {
  const at = new Date(anchor);
  switch (window.kind) {
    case 'cycle':
      return { from: Date.parse(window.from), to: Date.parse(window.to) };
    case 'calendar-month':
      return { from: Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1), to: Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) };
    case 'calendar-quarter': {
      const first = at.getUTCMonth() - (at.getUTCMonth() % 3);
      return { from: Date.UTC(at.getUTCFullYear(), first, 1), to: Date.UTC(at.getUTCFullYear(), first + 3, 1) };
    }
    case 'all-time':
      return { from: -Infinity, to: Infinity };
  }
}
