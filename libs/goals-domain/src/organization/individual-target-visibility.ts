import { canSeeContribution } from './contribution-visibility';
import { OrganizationState } from './organization.state';

export interface Viewer {
  personId: string;
  isAdmin: boolean;
}

/**
 * An individual target is private: the person, today's leads of the units the person belongs to
 * (and of units above), and admins see it, its whole history included; everyone else sees only
 * aggregates. It follows the person, not the team it was set in: after a move the new lead sees
 * it and the former lead keeps nothing. `state` is today's organisation.
 */
export function canSeeIndividualTarget(state: OrganizationState, viewer: Viewer, target: { personId: string }): boolean {
  return canSeeContribution(state, viewer, { type: 'person', id: target.personId });
}
