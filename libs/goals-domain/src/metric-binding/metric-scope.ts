import { leadsOf, subtreeOf } from '../organization/org-tree';
import { OrganizationState } from '../organization/organization.state';
import { Viewer } from '../organization/individual-target-visibility';
import { MetricScope } from './metric-binding';
import { MetricContributionData } from './metric-contribution';

/**
 * Whether a data point about `subject` reaches a goal with this scope, judged on the organisation
 * when the point arrives: a person scope takes that person's own points; a unit scope takes points
 * about the unit and about its members (with sub-units: about every unit below and their members).
 * This is how people's private numbers roll up into their team's key result or KPI.
 */
export function scopeCovers(org: OrganizationState, scope: MetricScope, subject: MetricContributionData['subject']): boolean {
  if (scope.type === 'person') return subject.type === 'person' && subject.id === scope.personId;
  const units = scope.includeSubUnits ? subtreeOf(org, scope.unitId) : [scope.unitId];
  if (subject.type === 'unit') return units.includes(subject.id);
  return units.some((unitId) => org.units[unitId]?.members.includes(subject.id) ?? false);
}

/**
 * A person's contribution is as private as their target: the person, the leads of a unit they are
 * a member of (and of the units above), and admins. A unit's own contributions are not private.
 */
export function canSeeContribution(org: OrganizationState, viewer: Viewer, subject: MetricContributionData['subject']): boolean {
  if (viewer.isAdmin || subject.type === 'unit' || subject.id === viewer.personId) return true;
  return Object.values(org.units).some((unit) => unit.members.includes(subject.id) && leadsOf(org, unit.id).includes(viewer.personId));
}
