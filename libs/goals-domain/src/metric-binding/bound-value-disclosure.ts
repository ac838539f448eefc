import { OrganizationState } from '../organization/organization.state';
import { Viewer } from '../organization/individual-target-visibility';
import { ValuedGoal } from './goal-value';
import { Contribution } from './metric-contribution';
import { canSeeContribution } from './metric-scope';
import { boundMetricValue, ValueInstants } from './metric-value';

export type BoundValueDisclosure = { withheld: false } | { withheld: true; reason: string };

/**
 * Whether a viewer may see a bound goal's value (and what is computed from it: progress, health,
 * its contributions) read from `contributing`, the records that counted at the instant read.
 *
 * The rule: let P be the distinct people among the contributing records' subjects (a unit's own
 * records are public, so they count for nothing). The value is shown when P is empty, when P has at
 * least `minGroupSize` people, or when the viewer may see every person in P (canSeeContribution:
 * admins, leads of the units those people belong to, and a person who is the only contributor).
 * Otherwise it is withheld: a member who is one of two contributors would subtract their own
 * number and learn the other's, and a member who contributed nothing would learn theirs outright.
 */
export function boundValueDisclosure(org: OrganizationState, viewer: Viewer, contributing: readonly Contribution[], minGroupSize: number): BoundValueDisclosure {
  const people = new Set(contributing.filter((c) => c.subject.type === 'person').map((c) => c.subject.id));
  if (people.size === 0 || people.size >= minGroupSize) return { withheld: false };
  if ([...people].every((id) => canSeeContribution(org, viewer, { type: 'person', id }))) return { withheld: false };
  return { withheld: true, reason: `the value sums the private numbers of fewer than ${minGroupSize} people, not all of whom you may see` };
}

/** boundValueDisclosure for a goal read at `at`; a goal not bound to a metric holds a check-in, not people's numbers. */
export function goalValueDisclosure(goal: ValuedGoal, at: ValueInstants | undefined, org: OrganizationState, viewer: Viewer, minGroupSize: number): BoundValueDisclosure {
  if (!goal.boundMetric) return { withheld: false };
  const { contributing } = boundMetricValue(goal.boundMetric, at);
  return boundValueDisclosure(org, viewer, contributing, minGroupSize);
}
