import { Injectable } from '@nestjs/common';
import { CycleGoalRef, FrozenValues, scoringRules } from '@okr/goals-domain';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { CycleGoals } from '../../application/cycle-goals';
import { GoalCommands } from '../../application/goal-commands';
import { GoalValues } from '../../application/goal-values';

@Injectable()
export class CloseCycleHandler {
  constructor(
    private readonly commands: GoalCommands,
    private readonly goals: CycleGoals,
    private readonly values: GoalValues,
  ) {}

  /**
   * Closes a cycle with the final scores of every active objective under the chosen rule, and
   * freezes the value of every bound key result and target: each computed from the ledger up to
   * the position this instance holds every fact of. Read now, as the goals read when closed: a key
   * result or target is bound over its cycle's window, so only facts that occurred in the cycle
   * count whatever the instant, and a goal bound after the cycle's last day (but before the close)
   * is frozen and scored with that binding rather than left live. Facts that arrive later show as
   * a pending difference an admin may accept as an amendment.
   */
  async close(cycleId: string, scoringRule: string, origin: ChangeOrigin) {
    return this.commands.cycle(cycleId, origin, async (context, { state: cycle }) => {
      const rule = Object.hasOwn(scoringRules, scoringRule) ? scoringRules[scoringRule] : undefined;
      const ledgerPosition = this.values.watermark;
      const frozen: FrozenValues = { ledgerPosition, values: [] };
      if (cycle.status === 'undefined' || !rule) return { type: 'CloseCycle', data: { scoringRule, scores: [], frozen }, context };
      const { objectives, targets } = await this.goals.of(cycleId);
      const values = await this.values.upTo(ledgerPosition, {});
      const freeze = (goal: CycleGoalRef, valued: Parameters<typeof values.value>[0]) => {
        if (values.binding(valued)) frozen.values.push({ goal, value: values.value(valued, goal) });
      };
      const scores = objectives.map((objective) => {
        for (const keyResult of Object.values(objective.keyResults)) freeze({ kind: 'objective', id: objective.id, keyResultId: keyResult.id }, keyResult);
        return rule.score(objective, (keyResult) => values.value(keyResult, { kind: 'objective', id: objective.id, keyResultId: keyResult.id }));
      });
      for (const target of targets) freeze({ kind: 'target', id: target.id }, target);
      return { type: 'CloseCycle', data: { scoringRule, scores, frozen }, context };
    });
  }
}
