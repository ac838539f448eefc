import { Inject, Injectable } from '@nestjs/common';
import {
  BindingPeriod,
  bindingInForce,
  boundGoalKey,
  BoundGoalRef,
  BoundValues,
  FrozenAt,
  MetricBinding,
  metricQueryOf,
  MetricReader,
  OrganizationTimeline,
  ReadInstants,
  readInstant,
  ValuedGoal,
} from '@okr/goals-domain';
import { CountedFact, MetricQuery, MetricReading } from '@okr/metric-index';
import { METRIC_INDEX } from '@okr/metric-ledger';
import { CLOCK, Clock } from '@okr/service-kit';
import { GoalHistories } from '../history/goal-histories';
import { Instant, readInstantsOf } from '../history/instant';

/** Where reports get goals' values: reporting's own metric index, read on the organisation the histories hold. */
@Injectable()
export class ReportValues {
  constructor(
    private readonly histories: GoalHistories,
    @Inject(METRIC_INDEX) private readonly index: MetricReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Values at the instants. For the goals of `cycleId`, once its close is known at knownAt, each
   * bound value is capped at the ledger position the close (or an accepted amendment) froze it
   * at, exactly as goals reads it. One report's values: read them before the index takes new facts.
   */
  at(at: Instant, cycleId?: string): BoundValues {
    const cycle = cycleId ? this.histories.cycleAt(cycleId, { asOf: Infinity, knownAt: at.knownAt }) : null;
    const frozenAt: FrozenAt | undefined = cycle?.status === 'closed' ? (goal) => cycle.frozen[boundGoalKey(goal)]?.ledgerPosition : undefined;
    return new ReportBoundValues(readInstantsOf(at, this.clock.now()), this.histories.organizationTimeline(), new ReadOnce(this.index), frozenAt);
  }
}

/**
 * The domain's BoundValues for one report, computing each query once. A whole-cycle dashboard asks
 * for every key result's value, most of them not bound, and for a bound one two or three times (its
 * objective's progress, its disclosure, the figure); and goals bound alike (a team's objectives
 * binding the team's closed-won amount) make the same query. Exact: a query depends only on the
 * binding in force at the instant read and the position the goal is frozen at, at fixed instants.
 */
class ReportBoundValues extends BoundValues {
  /** The instant read at, parsed once (the domain's bindingAt parses it for every goal). */
  private readonly instant: number;
  /** By binding (its key), then by the position it is frozen at (Infinity: not frozen). */
  private readonly queries = new Map<string, Map<number, MetricQuery>>();
  private readonly openQueries = new WeakMap<readonly BindingPeriod[], MetricQuery | null>();
  private readonly frozenQueries = new WeakMap<readonly BindingPeriod[], Map<string, MetricQuery | null>>();

  constructor(
    instants: ReadInstants,
    private readonly timeline: OrganizationTimeline,
    private readonly reader: MetricReader,
    /** Absent: no goal read here is frozen. */
    private readonly frozen?: FrozenAt,
  ) {
    super(instants, timeline, reader, frozen);
    this.instant = readInstant(instants);
  }

  override binding(goal: ValuedGoal): MetricBinding | null {
    return goal.bindings.length === 0 ? null : bindingInForce(goal.bindings, this.instant);
  }

  override query(goal: ValuedGoal, ref: BoundGoalRef): MetricQuery | null {
    if (goal.bindings.length === 0) return null;
    // Nothing frozen (a cycle still open, a KPI): the goal's bindings alone decide its query.
    if (!this.frozen) {
      let query = this.openQueries.get(goal.bindings);
      if (query === undefined) this.openQueries.set(goal.bindings, (query = this.queryOf(this.binding(goal), Infinity)));
      return query;
    }
    let byGoal = this.frozenQueries.get(goal.bindings);
    if (!byGoal) this.frozenQueries.set(goal.bindings, (byGoal = new Map()));
    const goalKey = boundGoalKey(ref);
    let query = byGoal.get(goalKey);
    if (query === undefined) byGoal.set(goalKey, (query = this.queryOf(this.binding(goal), this.frozen(ref) ?? Infinity)));
    return query;
  }

  private queryOf(binding: MetricBinding | null, frozenAt: number): MetricQuery | null {
    if (!binding) return null;
    const key = bindingKey(binding);
    let byPosition = this.queries.get(key);
    if (!byPosition) this.queries.set(key, (byPosition = new Map()));
    let query = byPosition.get(frozenAt);
    if (!query) byPosition.set(frozenAt, (query = metricQueryOf(binding, this.instants, this.timeline, this.reader, frozenAt)));
    return query;
  }
}

const bindingKeys = new WeakMap<MetricBinding, string>();

/** Equal for bindings equal in every field metricQueryOf reads (bindings are event data: they never change). */
function bindingKey(binding: MetricBinding): string {
  let key = bindingKeys.get(binding);
  if (key === undefined) bindingKeys.set(binding, (key = keyOf(binding)));
  return key;
}

function keyOf({ metric, aggregation, scope, window }: MetricBinding): string {
  const whose = scope.type === 'person' ? `person\u0000${scope.personId}` : `unit\u0000${scope.unitId}\u0000${scope.includeSubUnits}`;
  const when = window.kind === 'cycle' ? `cycle\u0000${window.from}\u0000${window.to}` : window.kind;
  return `${metric}\u0000${aggregation}\u0000${whose}\u0000${when}`;
}

/** The index, each query (the same object for the same query: see ReportBoundValues) read once. */
class ReadOnce implements MetricReader {
  private readonly readings = new WeakMap<MetricQuery, MetricReading>();

  constructor(private readonly index: MetricReader) {}

  positionKnownAt(knownAt: number): number {
    return this.index.positionKnownAt(knownAt);
  }

  read(query: MetricQuery): MetricReading {
    let reading = this.readings.get(query);
    if (!reading) this.readings.set(query, (reading = this.index.read(query)));
    return reading;
  }

  counted(query: MetricQuery): CountedFact[] {
    return this.index.counted(query);
  }

  people(query: MetricQuery): string[] {
    return this.index.people(query);
  }
}
