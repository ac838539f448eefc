import { OrganizationEvent, organizationAt, OrganizationState, OrganizationTimeline, organizationWith } from '@okr/goals-domain';
import { Instant } from './instant';

/**
 * The organisation as it was at asOf as far as was known at knownAt: exactly the domain's
 * organizationAt (the changes recorded by knownAt, folded in valid-time order up to asOf), without
 * folding the whole organisation again for every past knownAt. The changes before the first one not
 * known at knownAt were all known then, so the fold starts from the organisation before that change's
 * valid time (a prefix the domain keeps per timeline) and applies only the known changes after it,
 * on one copy. A dashboard as known at a past instant otherwise refolds every unit, person and membership.
 */
export function pastOrganization(timeline: OrganizationTimeline, at: Instant): OrganizationState {
  const { changes } = timeline;
  if (at.knownAt >= timeline.latestRecorded) return organizationAt(timeline, at);
  let firstUnknown = 0;
  while (firstUnknown < changes.length && changes[firstUnknown].recorded <= at.knownAt) firstUnknown++;
  const unknown = changes[firstUnknown];
  // Every change effective by asOf was known then: the organisation as of asOf, as known now.
  if (unknown.effective > at.asOf) return organizationAt(timeline, { asOf: at.asOf });
  // Valid times are whole milliseconds: "before" the unknown change is up to one millisecond before it.
  const before = organizationAt(timeline, { asOf: unknown.effective - 1 });
  let from = firstUnknown;
  while (from > 0 && changes[from - 1].effective === unknown.effective) from--;
  const known: OrganizationEvent[] = [];
  for (let i = from; i < changes.length && changes[i].effective <= at.asOf; i++) {
    if (changes[i].recorded <= at.knownAt) known.push(changes[i].event);
  }
  return organizationWith(before, known);
}
