import { Injectable } from '@nestjs/common';
import { BoundMetric, CycleStatus, MetricContributionCommand, MetricContributionData, NotFoundError } from '@okr/goals-domain';
import { AggregateRepository, ChangeOrigin, TimeTravel } from './aggregate-repository';
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
  executeAll(goal: BoundGoalRef, requests: { request: ContributionRequest; origin: ChangeOrigin }[]) {
    const command = <T>(request: ContributionRequest, target: T, cycleStatus: CycleStatus, context: MetricContributionCommand['context']) =>
      ({ type: request.type, data: { ...request.data, ...target, cycleStatus } as ContributionCommandData<T>, context }) as MetricContributionCommand<T>;
    // Every command of the batch is decided in the same cycle: its status is looked up once.
    const cycleStatusOnce = (what: string) => {
      let status: Promise<CycleStatus> | undefined;
      return (goalState: { status: string; cycleId: string }) => (status ??= this.lookups.cycleStatusOf(goalState, what));
    };
    switch (goal.kind) {
      case 'objective': {
        const cycleStatus = cycleStatusOnce('objective');
        return this.repository.executeAll(
          deciders.objective,
          goalStreams.objective(goal.id),
          requests.map(({ request, origin }) => ({
            origin,
            buildCommand: async (context, { state }) => command(request, { keyResultId: goal.keyResultId }, await cycleStatus(state), context),
          })),
        );
      }
      case 'kpi':
        return this.repository.executeAll(
          deciders.kpi,
          goalStreams.kpi(goal.id),
          requests.map(({ request, origin }) => ({ origin, buildCommand: (context) => command(request, {}, 'open', context) })),
        );
      case 'target': {
        const cycleStatus = cycleStatusOnce('target');
        return this.repository.executeAll(
          deciders.target,
          goalStreams.target(goal.id),
          requests.map(({ request, origin }) => ({ origin, buildCommand: async (context, { state }) => command(request, {}, await cycleStatus(state), context) })),
        );
      }
    }
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
