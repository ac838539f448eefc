import { Inject, Injectable } from '@nestjs/common';
import { bindingInForce, boundGoalKey, BoundValues, FrozenAt, MetricBinding, MetricReader, OrganizationTimeline, ReadInstants, readInstant, ValuedGoal } from '@okr/goals-domain';
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
    return new ReportBoundValues(readInstantsOf(at, this.clock.now()), this.histories.organizationTimeline(), this.index, frozenAt);
  }
}

/**
 * The domain's BoundValues for one report, with the instant read at parsed once: the domain's
 * bindingAt parses it for every goal it is asked about, and a whole-cycle dashboard asks about
 * every key result, most of them not bound, two or three times each. (Queries and readings are the
 * domain's own, made once per binding: GoalHistories holds bindings equal in every field as one.)
 */
class ReportBoundValues extends BoundValues {
  private readonly instant: number;

  constructor(instants: ReadInstants, timeline: OrganizationTimeline, index: MetricReader, frozenAt?: FrozenAt) {
    super(instants, timeline, index, frozenAt);
    this.instant = readInstant(instants);
  }

  override binding(goal: ValuedGoal): MetricBinding | null {
    return goal.bindings.length === 0 ? null : bindingInForce(goal.bindings, this.instant);
  }
}
