import { canSeeIndividualTarget, leadsOf, OrganizationState } from '@okr/goals-domain';
import { Actor } from '@okr/service-kit';

/** Who asks, for privacy: judged on the organisation as it is now, so time travel cannot reveal more than the present does. */
export interface Viewer {
  personId: string;
  isAdmin: boolean;
}

export const viewerOf = (actor: Actor): Viewer => ({ personId: actor.id, isAdmin: actor.isAdmin });

/** Admins and the leads of the unit or of a unit above it see every row of the unit's subtree. */
export function maySeeAllRowsOf(orgNow: OrganizationState, viewer: Viewer, unitId: string): boolean {
  return viewer.isAdmin || leadsOf(orgNow, unitId).includes(viewer.personId);
}

/** One target's row: the person, the leads above its unit, admins (the domain's rule). */
export function maySeeRow(orgNow: OrganizationState, viewer: Viewer, target: { personId: string; unitId: string }): boolean {
  return canSeeIndividualTarget(orgNow, viewer, target);
}
