import { Injectable } from '@nestjs/common';
import { boundGoalKey, CycleGoalRef, CycleState, describeGoal, FrozenValue, NotFoundError, ObjectiveState, RuleViolationError, ValuedGoal } from '@okr/goals-domain';
import { AggregateRepository } from './aggregate-repository';
import { deciders, goalStreams } from './goal-streams';
import { GoalValues } from './goal-values';

/** A bound goal of a closed cycle, with the value the cycle froze. */
export interface FrozenGoal {
  goal: CycleGoalRef;
  cycle: CycleState;
  frozen: FrozenValue;
  valued: ValuedGoal;
  /** For a key result: its objective, to score again. */
  objective?: ObjectiveState;
}

/** Reads the goals a closed cycle froze, and their values from the ledger up to any position. */
@Injectable()
export class FrozenGoals {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly values: GoalValues,
  ) {}

  async load(goal: CycleGoalRef): Promise<FrozenGoal> {
    const { valued, cycleId, objective } = await this.goalOf(goal);
    const { state: cycle } = await this.repository.load(deciders.cycle, goalStreams.cycle(cycleId));
    if (cycle.status !== 'closed') throw new RuleViolationError(`cycle ${cycleId} is still open: ${describeGoal(goal)} has no frozen value yet`);
    const frozen = cycle.frozen[boundGoalKey(goal)];
    if (!frozen) throw new NotFoundError(`${describeGoal(goal)} was not bound to a metric when ${cycleId} closed`);
    return { goal, cycle, frozen, valued, ...(objective ? { objective } : {}) };
  }

  /** The goal's final value from the ledger up to `position` (Infinity: every fact this instance holds). */
  async valueUpTo(goal: FrozenGoal, position: number): Promise<number | null> {
    return (await this.valuesUpTo(position)).value(goal.valued, goal.goal);
  }

  /**
   * Every goal of the cycle from the ledger up to `position`, read now as the close read them (a
   * closed cycle's goals cannot be re-bound, and their windows are the cycle's).
   */
  valuesUpTo(position: number) {
    return this.values.upTo(position, {});
  }

  /** The position up to which this instance holds every fact. */
  get watermark(): number {
    return this.values.watermark;
  }

  private async goalOf(goal: CycleGoalRef): Promise<{ valued: ValuedGoal; cycleId: string; objective?: ObjectiveState }> {
    if (goal.kind === 'target') {
      const { state } = await this.repository.load(deciders.target, goalStreams.target(goal.id));
      if (state.status === 'undefined') throw new NotFoundError(`target ${goal.id} does not exist`);
      return { valued: state, cycleId: state.cycleId };
    }
    const { state } = await this.repository.load(deciders.objective, goalStreams.objective(goal.id));
    const keyResult = state.keyResults[goal.keyResultId];
    if (state.status === 'undefined' || !keyResult) throw new NotFoundError(`${describeGoal(goal)} does not exist`);
    return { valued: keyResult, cycleId: state.cycleId, objective: state };
  }
}
