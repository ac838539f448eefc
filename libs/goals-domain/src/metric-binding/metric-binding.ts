import { InvalidInputError } from '../shared/domain-error';

/** How a bound goal turns its records' current contributions into one number. */
export const metricAggregations = ['sum', 'count', 'last', 'average', 'min', 'max'] as const;
export type MetricAggregation = (typeof metricAggregations)[number];

/** Whose data points reach the goal: one person, or a unit (with its sub-units when asked). */
export type MetricScope = { type: 'person'; personId: string } | { type: 'unit'; unitId: string; includeSubUnits: boolean };

/**
 * Which occurrences count. A cycle-bound goal counts its cycle, [from, to). A KPI has no cycle: it
 * counts the calendar month or quarter (UTC) that contains the instant it is read at, or all time.
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
