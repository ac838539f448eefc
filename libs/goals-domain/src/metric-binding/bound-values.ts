import { CountedFact, MetricQuery, MetricReading } from '@okr/metric-index';
import { Viewer } from '../organization/individual-target-visibility';
import { OrganizationState } from '../organization/organization.state';
import { OrganizationTimeline } from '../organization/organization-timeline';
import { BoundGoalRef } from './bound-goal-ref';
import { boundValueDisclosure, BoundValueDisclosure } from './bound-value-disclosure';
import { bindingAt, checkInValue, ValuedGoal } from './goal-value';
import { MetricBinding } from './metric-binding';
import { LedgerPositions, metricQueryOf } from './metric-query-of';
import { ReadInstants } from './read-instants';

/** What bound goals' values are read from: a metric index (libs/metric-index), held by the service. */
export interface MetricReader extends LedgerPositions {
  read(query: MetricQuery): MetricReading;
  counted(query: MetricQuery): CountedFact[];
  people(query: MetricQuery): string[];
}

/** The ledger position a closed cycle's bound goal is frozen at; undefined: not frozen, read every fact known. */
export type FrozenAt = (goal: BoundGoalRef) => number | undefined;

/**
 * Goals' values at one set of instants, the one reading goals and reporting share: a goal bound
 * then reads its metric (metricQueryOf) on the organisation as known at knownAt, capped for a
 * closed cycle's goals at the ledger position their value was frozen at; any other goal holds its
 * check-in. Pure: the index is passed in, nothing is read from anywhere else.
 */
export class BoundValues {
  /**
   * Queries and readings already made, by binding and cap: a report reads each goal for its value,
   * its progress and its disclosure, and this answers the same instants every time.
   */
  private readonly made = new Map<MetricBinding, Map<number, { query: MetricQuery; reading?: MetricReading }>>();

  constructor(
    readonly instants: ReadInstants,
    private readonly organization: OrganizationTimeline,
    private readonly index: MetricReader,
    private readonly frozenAt: FrozenAt = () => undefined,
  ) {}

  /** The binding in force at the instant read at, or null. */
  binding(goal: ValuedGoal): MetricBinding | null {
    return bindingAt(goal, this.instants);
  }

  /** The index query behind a goal's value, or null when no binding is in force at the instant read at. */
  query(goal: ValuedGoal, ref: BoundGoalRef): MetricQuery | null {
    return this.memo(goal, ref)?.query ?? null;
  }

  reading(goal: ValuedGoal, ref: BoundGoalRef): MetricReading | null {
    const memo = this.memo(goal, ref);
    if (!memo) return null;
    memo.reading ??= this.index.read(memo.query);
    return memo.reading;
  }

  /** The metric's reading while bound, else the holding check-in. */
  value(goal: ValuedGoal, ref: BoundGoalRef): number | null {
    const reading = this.reading(goal, ref);
    return reading ? reading.value : checkInValue(goal);
  }

  /** The facts behind a bound goal's value (its lineage); none for a goal not bound at the instant. */
  counted(goal: ValuedGoal, ref: BoundGoalRef): CountedFact[] {
    const query = this.query(goal, ref);
    return query ? this.index.counted(query) : [];
  }

  /** Whether the viewer may see the value: people's private numbers summed over too few are withheld. */
  disclosure(goal: ValuedGoal, ref: BoundGoalRef, org: OrganizationState, viewer: Viewer, minGroupSize = org.policy.minGroupSize): BoundValueDisclosure {
    const query = this.query(goal, ref);
    const reading = this.reading(goal, ref);
    if (!query || !reading) return { withheld: false };
    return boundValueDisclosure(org, viewer, { count: reading.people, people: () => this.index.people(query) }, minGroupSize, query.aggregation);
  }

  private memo(goal: ValuedGoal, ref: BoundGoalRef) {
    const binding = this.binding(goal);
    if (!binding) return undefined;
    const frozenAt = this.frozenAt(ref) ?? Infinity;
    let byCap = this.made.get(binding);
    if (!byCap) this.made.set(binding, (byCap = new Map()));
    let memo = byCap.get(frozenAt);
    if (!memo) byCap.set(frozenAt, (memo = { query: metricQueryOf(binding, this.instants, this.organization, this.index, frozenAt) }));
    return memo;
  }
}
