import { Injectable } from '@nestjs/common';
import { BoundMetric, CycleStatus, MetricContributionCommand, MetricContributionData, NotFoundError } from '@okr/goals-domain';
import { AggregateRepository, ChangeOrigin, TimeTravel } from './aggregate-repository';
import { BoundGoalRef } from './bound-goal';
import { GoalCommands } from './goal-commands';
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
    private readonly commands: GoalCommands,
    private readonly repository: AggregateRepository,
    private readonly lookups: GoalLookups,
  ) {}

  /** Runs a contribution command (a data point, or an admin's decision on a proposal) on the goal. */
  execute(goal: BoundGoalRef, request: ContributionRequest, origin: ChangeOrigin) {
    const command = <T>(target: T, cycleStatus: CycleStatus, context: MetricContributionCommand['context']) =>
      ({ type: request.type, data: { ...request.data, ...target, cycleStatus } as ContributionCommandData<T>, context }) as MetricContributionCommand<T>;
    switch (goal.kind) {
      case 'objective':
        return this.commands.objective(goal.id, origin, async (context, { state }) =>
          command({ keyResultId: goal.keyResultId }, await this.lookups.cycleStatusOf(state, 'objective'), context),
        );
      case 'kpi':
        return this.commands.kpi(goal.id, origin, (context) => command({}, 'open', context));
      case 'target':
        return this.commands.target(goal.id, origin, async (context, { state }) => command({}, await this.lookups.cycleStatusOf(state, 'target'), context));
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
