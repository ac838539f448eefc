import { MetricQuery } from '@okr/metric-index';
import { OrganizationTimeline } from '../organization/organization-timeline';
import { MetricBinding, windowRange } from './metric-binding';
import { knownInstant, ReadInstants, readInstant } from './read-instants';
import { scopeIntervals } from './scope-intervals';

/** What a metric index needs from its host to turn "as known at" into a ledger position. */
export interface LedgerPositions {
  positionKnownAt(knownAt: number): number;
}

/**
 * The facts a bound goal's value counts, read at `at` (the one rule goals and reporting share):
 * - the binding's metric and aggregation;
 * - its scope on the organisation as known at knownAt (members for the days they were members);
 * - occurrences in its window (a KPI's calendar window anchored at the instant read at) and not
 *   after that instant;
 * - each record's version as known at knownAt, and, for a goal of a closed cycle, as known when
 *   its value was frozen (`frozenAt`, the ledger position of the close or its latest amendment):
 *   facts that arrived later are a pending difference, not part of the value.
 */
export function metricQueryOf(binding: MetricBinding, at: ReadInstants, organization: OrganizationTimeline, ledger: LedgerPositions, frozenAt = Infinity): MetricQuery {
  const instant = readInstant(at);
  const knownAt = knownInstant(at);
  const known = Number.isFinite(knownAt) ? ledger.positionKnownAt(knownAt) : Infinity;
  return {
    metric: binding.metric,
    scope: scopeIntervals(organization, binding.scope, knownAt),
    window: windowRange(binding.window, instant),
    aggregation: binding.aggregation,
    asOf: instant,
    upToPosition: Math.min(known, frozenAt),
  };
}
