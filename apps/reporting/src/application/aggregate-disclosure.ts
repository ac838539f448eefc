import { discloseFigures, Figure, Withholding } from '@okr/disclosure';
import { OrganizationState, subtreePeopleOf } from '@okr/goals-domain';

/** Why a unit's aggregate is not shown to a viewer who may not see its rows. */
export type WithholdingReason = Withholding;


/**
 * Which units' aggregates (of one metric, one cycle, one instant) are withheld from a viewer, by
 * the platform's one disclosure rule (libs/disclosure): a unit's aggregate sums the people of its
 * whole subtree, and whoever the viewer may see one by one (`seesPerson`: themself, the people
 * they lead today, everyone for an admin) counts for nothing.
 */
export function withheldAggregates(
  org: OrganizationState,
  peopleByUnit: Map<string, Set<string>>,
  minGroupSize: number,
  seesPerson: (personId: string) => boolean,
): Map<string, WithholdingReason> {
  const figures: Figure[] = [];
  for (const [unitId, people] of subtreePeopleOf(org, peopleByUnit)) if (people.size) figures.push({ id: unitId, kind: 'sum', people });
  return discloseFigures(figures, { seesPerson }, minGroupSize);
}
