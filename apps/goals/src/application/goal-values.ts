import { Inject, Injectable } from '@nestjs/common';
import { boundGoalKey, BoundValues, FrozenAt, minGroupSizeFor, QuotaHolder, quantityOf, quotaFigures, Viewer } from '@okr/goals-domain';
import { CLOCK, Clock } from '@okr/service-kit';
import { AggregateRepository, TimeTravel } from './aggregate-repository';
import { BoundGoalCatalog } from './bound-goal-catalog';
import { GoalLookups } from './goal-lookups';
import { deciders, goalStreams } from './goal-streams';
import { METRIC_INDEX, MetricIndexReader } from './metric-index.port';

/** MIN_GROUP_SIZE, as reporting reads it. */
export const MIN_GROUP_SIZE = Symbol('MIN_GROUP_SIZE');

/** Where reads of goals get their values: the instants of the read, the organisation, and the metric index. */
@Injectable()
export class GoalValues {
  constructor(
    @Inject(METRIC_INDEX) private readonly index: MetricIndexReader,
    private readonly lookups: GoalLookups,
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalog: BoundGoalCatalog,
    @Inject(MIN_GROUP_SIZE) private readonly minGroupSize: number,
  ) {}

  /**
   * Values at a query's instants for one viewer, their disclosure judged together with every
   * other figure over the same facts the viewer could read (the key results of the cycle's
   * objectives, every KPI, and the quota aggregates reporting shows): one alone may be large
   * enough, and still give a small group away by its difference with another.
   */
  async forViewer(at: TimeTravel, cycleId: string | undefined, viewer: Viewer): Promise<BoundValues> {
    const values = await this.at(at, cycleId);
    if (viewer.isAdmin) return values;
    const orgNow = await this.lookups.organization();
    const org = at.asOf ? await this.lookups.organizationAt(at.asOf) : orgNow;
    const holders = (await this.catalog.targetsOf(cycleId, at, org)).map(({ id, state }): QuotaHolder => {
      const query = values.query(state, { kind: 'target', id });
      return { personId: state.personId, unitId: state.unitId, metric: state.metric, unit: state.unit, quantity: query ? quantityOf(query) : null };
    });
    values.judgeTogether(await this.catalog.goalsOf(cycleId, at, org), quotaFigures(org, holders), orgNow, viewer, minGroupSizeFor(this.minGroupSize, orgNow));
    return values;
  }

  /**
   * Values at a query's instants (asOf, knownAt, else now). For the goals of `cycleId`, once its
   * close is known at knownAt, each bound value is capped at the ledger position it was frozen at:
   * facts that arrived later are a pending difference, not part of the closed number.
   */
  async at(at: TimeTravel, cycleId?: string): Promise<BoundValues> {
    return this.values(at, cycleId ? await this.frozenPositions(cycleId, at.knownAt) : undefined);
  }

  /** Values from every fact known now, whatever a cycle froze: the other side of a pending difference. */
  live(at: TimeTravel = {}): Promise<BoundValues> {
    return this.values(at);
  }

  /** Values of every goal from the ledger up to `position`: what closing a cycle freezes. */
  upTo(position: number, at: TimeTravel): Promise<BoundValues> {
    return this.values(at, () => position);
  }

  /** The ledger position up to which this instance holds every fact. */
  get watermark(): number {
    return this.index.watermark;
  }

  private async values(at: TimeTravel, frozenAt?: FrozenAt): Promise<BoundValues> {
    const instants = { ...at, now: this.clock.now().toISOString() };
    return new BoundValues(instants, await this.lookups.organizationTimeline(), this.index, frozenAt);
  }

  /** The positions a cycle froze its goals' values at, as far as its close was known at knownAt. */
  private async frozenPositions(cycleId: string, knownAt?: string): Promise<FrozenAt | undefined> {
    const { state } = await this.repository.loadAt(deciders.cycle, goalStreams.cycle(cycleId), knownAt ? { knownAt } : {});
    if (state.status !== 'closed') return undefined;
    return (goal) => state.frozen[boundGoalKey(goal)]?.ledgerPosition;
  }
}
