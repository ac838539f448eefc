import { canSeeContribution, MetricContributionData, metricContributionEventTypes, OrganizationState, Viewer } from '@okr/goals-domain';

/**
 * An audit trail of a unit's goal lists the contributions of its people: each one the viewer may
 * not see (canSeeContribution) keeps its place, actor, times and correlation, but not its data, what it
 * changed, or its cause (the data point, which names the source record).
 */
export function withoutPrivateContributions<E extends { type: string; data: unknown; changes: unknown[] }>(events: E[], org: OrganizationState, viewer: Viewer): E[] {
  return events.map((event) => {
    if (!metricContributionEventTypes.has(event.type)) return event;
    const subject = (event.data as Partial<MetricContributionData>).subject;
    if (subject && canSeeContribution(org, viewer, subject)) return event;
    return { ...event, data: { withheld: 'a contribution of a person whose numbers are private to them, their leads and admins' }, changes: [], causationId: null };
  });
}
