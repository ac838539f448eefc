import { FactSubject } from '@okr/metric-index';
import { leadsOf } from './org-tree';
import { OrganizationState } from './organization.state';
import type { Viewer } from './individual-target-visibility';

/**
 * A person's facts are as private as their target: the person, the leads of a unit they are a
 * member of (and of the units above), and admins. A unit's own facts are not private.
 */
export function canSeeContribution(org: OrganizationState, viewer: Viewer, subject: FactSubject): boolean {
  if (viewer.isAdmin || subject.type === 'unit' || subject.id === viewer.personId) return true;
  return Object.values(org.units).some((unit) => unit.members.includes(subject.id) && leadsOf(org, unit.id).includes(viewer.personId));
}
