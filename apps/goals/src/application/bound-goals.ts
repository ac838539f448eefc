import { Injectable } from '@nestjs/common';
import { BoundMetric, CycleStatus, IndividualTargetState, KpiState, MetricContributionCommand, MetricContributionData, NotFoundError, ObjectiveState } from '@okr/goals-domain';
import { AggregateChanges, AggregateRepository, ChangeOrigin, TimeTravel } from './aggregate-repository';
import { BoundGoalRef } from './bound-goal';
import { GoalLookups } from './goal-lookups';
import { deciders, goalStreams } from './goal-streams';

/** A bound goal as its readers need it: its binding, records and proposals, and its cycle's status. */
export interface BoundGoalView {
  boundMetric: BoundMetric;
  /** A KPI has no cycle: always open. */
  cycleStatus: CycleStatus;
}

type ContributionCommandData<T> = MetricContributionCommand<T>['data'];
/** A contribution command without what BoundGoals adds: the goal inside its aggregate and its cycle's status. */
type ContributionRequest =
  | { type: 'RecordMetricContribution'; data: { dataPoint: MetricContributionData } }
  | { type: 'AcceptMetricContribution' | 'RejectMetricContribution'; data: { dataPointId: string; reason: string } };

type ContributionRequests = { request: ContributionRequest; origin: ChangeOrigin }[];
type CycleStatusLookup = (goal: { status: string; cycleId: string }, what: string) => Promise<CycleStatus>;

/**
 * The same operations on every kind of bound goal (a key result, a KPI, a target): the one place
 * that knows where each keeps its bound metric and which cycle it belongs to.
 */
@Injectable()
export class BoundGoals {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly lookups: GoalLookups,
  ) {}

  /** Runs a contribution command (a data point, or an admin's decision on a proposal) on the goal. */
  execute(goal: BoundGoalRef, request: ContributionRequest, origin: ChangeOrigin) {
    return this.executeAll(goal, [{ request, origin }]);
  }

  /**
   * Runs several contribution commands on one goal, in order, appended together: a batch of data
   * points costs the goal one read, one look at its cycle and one write.
   */
  executeAll(goal: BoundGoalRef, requests: ContributionRequests) {
    const { decider, streamId, changes } = this.changesOf(goal, requests, this.cycleStatuses());
    return this.repository.executeAll(decider, streamId, changes);
  }

  /**
   * Contribution commands on many goals, appended in one write (see AggregateRepository.executeEach):
   * a batch of data points costs one write however many goals it moves, and one look per cycle.
   */
  executeEach(batch: { goal: BoundGoalRef; requests: ContributionRequests }[]) {
    const cycleStatus = this.cycleStatuses();
    return this.repository.executeEach(batch.map(({ goal, requests }) => this.changesOf(goal, requests, cycleStatus)));
  }

  private changesOf(goal: BoundGoalRef, requests: ContributionRequests, cycleStatus: CycleStatusLookup): AggregateChanges<any, any, any> {
    const command = <T>(request: ContributionRequest, target: T, status: CycleStatus, context: MetricContributionCommand['context']) =>
      ({ type: request.type, data: { ...request.data, ...target, cycleStatus: status } as ContributionCommandData<T>, context }) as MetricContributionCommand<T>;
    switch (goal.kind) {
      case 'objective':
        return {
          decider: deciders.objective,
          streamId: goalStreams.objective(goal.id),
          changes: requests.map(({ request, origin }) => ({
            origin,
            buildCommand: async (context, { state }) => command(request, { keyResultId: goal.keyResultId }, await cycleStatus(state, 'objective'), context),
          })),
        } satisfies AggregateChanges<MetricContributionCommand<{ keyResultId: string }>, any, ObjectiveState>;
      case 'kpi':
        return {
          decider: deciders.kpi,
          streamId: goalStreams.kpi(goal.id),
          changes: requests.map(({ request, origin }) => ({ origin, buildCommand: (context) => command(request, {}, 'open', context) })),
        } satisfies AggregateChanges<MetricContributionCommand, any, KpiState>;
      case 'target':
        return {
          decider: deciders.target,
          streamId: goalStreams.target(goal.id),
          changes: requests.map(({ request, origin }) => ({ origin, buildCommand: async (context, { state }) => command(request, {}, await cycleStatus(state, 'target'), context) })),
        } satisfies AggregateChanges<MetricContributionCommand, any, IndividualTargetState>;
    }
  }

  /** The status of a goal's cycle, looked up once per cycle for all the commands of one call. */
  private cycleStatuses(): CycleStatusLookup {
    const byCycle = new Map<string, Promise<CycleStatus>>();
    return (goal, what) => {
      if (goal.status === 'undefined') return this.lookups.cycleStatusOf(goal, what);
      let status = byCycle.get(goal.cycleId);
      if (!status) byCycle.set(goal.cycleId, (status = this.lookups.cycleStatusOf(goal, what)));
      return status;
    };
  }

  /** The goal's bound metric at an instant; a goal that is not bound (or not yet, then) is not found. */
  async read(goal: BoundGoalRef, at: TimeTravel = {}): Promise<BoundGoalView> {
    const notBound = () => new NotFoundError(`${describe(goal)} is not bound to a metric${at.asOf || at.knownAt ? ' at that time' : ''}`);
    switch (goal.kind) {
      case 'objective': {
        const { state } = await this.repository.loadAt(deciders.objective, goalStreams.objective(goal.id), at);
        const boundMetric = state.keyResults[goal.keyResultId]?.boundMetric;
        if (!boundMetric) throw notBound();
        return { boundMetric, cycleStatus: await this.lookups.cycleStatus(state.cycleId) };
      }
      case 'kpi': {
        const { state } = await this.repository.loadAt(deciders.kpi, goalStreams.kpi(goal.id), at);
        if (!state.boundMetric) throw notBound();
        return { boundMetric: state.boundMetric, cycleStatus: 'open' };
      }
      case 'target': {
        const { state } = await this.repository.loadAt(deciders.target, goalStreams.target(goal.id), at);
        if (!state.boundMetric) throw notBound();
        return { boundMetric: state.boundMetric, cycleStatus: await this.lookups.cycleStatus(state.cycleId) };
      }
    }
  }
}

function describe(goal: BoundGoalRef): string {
  return goal.kind === 'objective' ? `key result ${goal.keyResultId} of objective ${goal.id}` : `${goal.kind} ${goal.id}`;
}
