import { canSeeIndividualTarget, OrganizationState } from '@okr/goals-domain';
import { Actor } from '@okr/service-kit';

/** Who asks, for privacy: judged on the organisation as it is now, so time travel cannot reveal more than the present does. */
export interface Viewer {
  personId: string;
  isAdmin: boolean;
}

export const viewerOf = (actor: Actor): Viewer => ({ personId: actor.id, isAdmin: actor.isAdmin });

/** One target's row: the person, today's leads of the person, admins (the domain's rule). */
export function maySeeRow(orgNow: OrganizationState, viewer: Viewer, target: { personId: string }): boolean {
  return canSeeIndividualTarget(orgNow, viewer, target);
}

/** Whether the viewer may see a person's numbers one by one: what the disclosure rule counts as known to them. */
export function maySeePerson(orgNow: OrganizationState, viewer: Viewer, personId: string): boolean {
  return canSeeIndividualTarget(orgNow, viewer, { personId });
}
