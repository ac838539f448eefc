import { OrganizationState } from '../organization/organization.state';
import { Viewer } from '../organization/individual-target-visibility';
import { canSeeContribution } from '../organization/contribution-visibility';

export type BoundValueDisclosure = { withheld: false } | { withheld: true; reason: string };

/** Who a bound goal's value sums: how many people, and (asked only when few) who they are. */
export interface Contributors {
  count: number;
  people(): readonly string[];
}

/**
 * Whether a viewer may see a bound goal's value (and what is computed from it: progress, health,
 * the facts behind it), from the people whose facts counted at the instant read (a unit's own
 * facts are public, so they count for nothing).
 *
 * The value is shown when no person counted, when at least `minGroupSize` did, or when the viewer
 * may see every one of them (canSeeContribution: admins, leads of the units those people belong
 * to, and a person who is the only contributor). Otherwise it is withheld: a member who is one of
 * two contributors would subtract their own number and learn the other's, and a member who
 * contributed nothing would learn theirs outright.
 */
export function boundValueDisclosure(org: OrganizationState, viewer: Viewer, contributors: Contributors, minGroupSize: number): BoundValueDisclosure {
  if (contributors.count === 0 || contributors.count >= minGroupSize) return { withheld: false };
  if (contributors.people().every((id) => canSeeContribution(org, viewer, { type: 'person', id }))) return { withheld: false };
  return { withheld: true, reason: `the value sums the private numbers of fewer than ${minGroupSize} people, not all of whom you may see` };
}
