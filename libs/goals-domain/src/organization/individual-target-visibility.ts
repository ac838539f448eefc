import { leadsOf } from './org-tree';
import { OrganizationState } from './organization.state';

export interface Viewer {
  personId: string;
  isAdmin: boolean;
}

/**
 * An individual target is private: the person, the leads of its unit and of units above, and
 * admins see it; everyone else sees only aggregates.
 */
export function canSeeIndividualTarget(state: OrganizationState, viewer: Viewer, target: { personId: string; unitId: string }): boolean {
  return viewer.isAdmin || viewer.personId === target.personId || leadsOf(state, target.unitId).includes(viewer.personId);
}
