import { Injectable } from '@nestjs/common';
import { canSeeIndividualTarget, leadsOf, NotFoundError } from '@okr/goals-domain';
import { Actor, ProblemError, problemType } from '@okr/service-kit';
import { AggregateRepository } from './aggregate-repository';
import { GoalLookups } from './goal-lookups';
import { deciders, goalStreams } from './goal-streams';

/**
 * Individual targets are private: the person, the leads of the unit and above, and admins.
 * Anyone else is told the target does not exist, so not even its existence leaks.
 */
@Injectable()
export class TargetAccess {
  constructor(
    private readonly lookups: GoalLookups,
    private readonly repository: AggregateRepository,
  ) {}

  /** Judged on the organisation as it is now, so time travel cannot reveal more than the present does. */
  async assertMaySeeTarget(actor: Actor, targetId: string): Promise<void> {
    const { state } = await this.repository.load(deciders.target, goalStreams.target(targetId));
    await this.assertMaySee(actor, state);
  }

  async assertMaySee(actor: Actor, target: { status: string; personId: string }): Promise<void> {
    const org = await this.lookups.organization();
    if (target.status === 'undefined' || !canSeeIndividualTarget(org, { personId: actor.id, isAdmin: actor.isAdmin }, target)) {
      throw new NotFoundError('the target does not exist');
    }
  }

  /** Setting a quota in a unit is for the unit's leads (and those above) and admins. */
  async assertMayManage(actor: Actor, unitId: string): Promise<void> {
    if (actor.isAdmin) return;
    const org = await this.lookups.organization();
    if (!leadsOf(org, unitId).includes(actor.id)) {
      throw new ProblemError({ type: problemType('forbidden'), title: 'Forbidden', status: 403, detail: `only leads of ${unitId} (or above) and admins set its targets` });
    }
  }

  /** Revising a quota is for today's leads of its person (it follows them when they move) and admins. */
  async assertMayRevise(actor: Actor, target: { personId: string }): Promise<void> {
    if (actor.isAdmin) return;
    // Whoever sees the person's numbers, less the person themself: their leads today.
    const org = await this.lookups.organization();
    if (actor.id === target.personId || !canSeeIndividualTarget(org, { personId: actor.id, isAdmin: false }, target)) {
      throw new ProblemError({ type: problemType('forbidden'), title: 'Forbidden', status: 403, detail: `only today's leads of ${target.personId} and admins revise their targets` });
    }
  }
}
