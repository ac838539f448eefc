import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@okr/goals-domain';
import { AggregateRepository } from '../../application/aggregate-repository';
import { FrozenGoals } from '../../application/frozen-goals';
import { deciders, goalStreams } from '../../application/goal-streams';

/**
 * The bound goals of a closed cycle whose facts changed since they were frozen (or last reviewed):
 * each with its frozen value and the value every fact this instance holds gives now.
 */
@Injectable()
export class ListPendingDifferencesHandler {
  constructor(
    private readonly frozenGoals: FrozenGoals,
    private readonly repository: AggregateRepository,
  ) {}

  async list(cycleId: string) {
    const { state: cycle } = await this.repository.load(deciders.cycle, goalStreams.cycle(cycleId));
    if (cycle.status === 'undefined') throw new NotFoundError(`cycle ${cycleId} does not exist`);
    const upToPosition = this.frozenGoals.watermark;
    const differences = [];
    if (cycle.status === 'closed') {
      const current = await this.frozenGoals.valuesUpTo(upToPosition);
      for (const frozen of Object.values(cycle.frozen)) {
        const goal = await this.frozenGoals.load(frozen.goal);
        const currentValue = current.value(goal.valued, frozen.goal);
        const reviewedValue = await this.frozenGoals.valueUpTo(goal, frozen.reviewedUpTo);
        if (currentValue === reviewedValue) continue;
        differences.push({
          goal: frozen.goal,
          frozenValue: frozen.value,
          frozenAt: frozen.ledgerPosition,
          reviewedUpTo: frozen.reviewedUpTo,
          currentValue,
          difference: currentValue === null || frozen.value === null ? null : currentValue - frozen.value,
        });
      }
    }
    return { cycleId, status: cycle.status, upToPosition, differences };
  }
}
