import { Injectable } from '@nestjs/common';
import { boundGoalKey, checkInValue, CycleGoalRef, ObjectiveScore, scoringRules } from '@okr/goals-domain';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { FrozenGoal, FrozenGoals } from '../../application/frozen-goals';
import { GoalCommands } from '../../application/goal-commands';

/**
 * An admin's decision on a closed goal's pending difference, up to the ledger position this
 * instance holds every fact of: accept it (the value is frozen again there, and a key result's
 * objective scored again under the cycle's rule) or reject it (the frozen value stands).
 */
@Injectable()
export class DecidePendingDifferenceHandler {
  constructor(
    private readonly frozenGoals: FrozenGoals,
    private readonly commands: GoalCommands,
  ) {}

  async decide(goal: CycleGoalRef, decision: 'accept' | 'reject', reason: string, origin: ChangeOrigin) {
    const frozen = await this.frozenGoals.load(goal);
    const ledgerPosition = this.frozenGoals.watermark;
    const recorded = { ...origin, reason };
    if (decision === 'reject') {
      return this.commands.cycle(frozen.cycle.id, recorded, (context) => ({ type: 'RejectBoundValueDifference', data: { goal, ledgerPosition, reason }, context }));
    }
    const value = await this.frozenGoals.valueUpTo(frozen, ledgerPosition);
    const rescored = rescore(frozen, value);
    return this.commands.cycle(frozen.cycle.id, recorded, (context) => ({ type: 'AcceptBoundValue', data: { goal, value, ledgerPosition, reason, ...(rescored ? { rescored } : {}) }, context }));
  }
}

/** A key result's objective scored again under the cycle's rule: the accepted value, the other key results' frozen values or check-ins. */
function rescore({ cycle, objective, goal }: FrozenGoal, value: number | null): ObjectiveScore | undefined {
  if (!objective || goal.kind !== 'objective' || !cycle.scoringRule) return undefined;
  return scoringRules[cycle.scoringRule].score(objective, (keyResult) => {
    if (keyResult.id === goal.keyResultId) return value;
    const other = cycle.frozen[boundGoalKey({ kind: 'objective', id: objective.id, keyResultId: keyResult.id })];
    return other ? other.value : checkInValue(keyResult);
  });
}
