import { canSeeContribution } from './contribution-visibility';
import type { Viewer } from './individual-target-visibility';
import { leadsOf } from './org-tree';
import { OrganizationState } from './organization.state';
import { NotAllowedError } from '../shared/domain-error';

/** Whoever owns an objective or a KPI: a unit of the organisation, or (where the policy allows) a person. */
export type GoalOwner = { unitId: string } | { personId: string };

/** An objective's owner as the objective names it. */
export function goalOwnerOf(owner: { type: string; id: string }): GoalOwner {
  return owner.type === 'person' ? { personId: owner.id } : { unitId: owner.id };
}

/**
 * Who may define, edit and check in on a goal: a role in the unit that owns it. Its members and
 * its leads, the leads of the units above it, and admins. A person's own goal: the person, the
 * leads of the units they belong to (and above), and admins. Anyone else reads it and no more.
 */
export function mayDirectGoalsOf(org: OrganizationState, actor: Viewer, owner: GoalOwner): boolean {
  if (actor.isAdmin) return true;
  // A person's goal is as private as their numbers: whoever may see those may direct it.
  if ('personId' in owner) return canSeeContribution(org, actor, { type: 'person', id: owner.personId });
  const unit = org.units[owner.unitId];
  if (!unit) return false;
  return unit.members.includes(actor.personId) || leadsOf(org, unit.id).includes(actor.personId);
}

export function assertMayDirectGoalsOf(org: OrganizationState, actor: Viewer, owner: GoalOwner): void {
  if (mayDirectGoalsOf(org, actor, owner)) return;
  throw new NotAllowedError(
    'personId' in owner
      ? `${owner.personId}'s own goals are set and checked in on by that person, their leads and admins`
      : `the goals of ${owner.unitId} are set and checked in on by its members, its leads and the leads above it and admins`,
  );
}
