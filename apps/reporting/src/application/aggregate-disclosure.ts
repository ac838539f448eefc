import { OrganizationState } from '@okr/goals-domain';

/** Why a unit's aggregate is not shown to a viewer who may not see its rows. */
export type WithholdingReason = 'small-group' | 'difference';

/** The group size that applies: the deployment's MIN_GROUP_SIZE, or the organisation policy's when larger. */
export function minGroupSizeFor(configured: number, orgNow: OrganizationState): number {
  return Math.max(configured, orgNow.policy.minGroupSize);
}

export function withholdingText(reason: WithholdingReason, minGroupSize: number): string {
  return reason === 'small-group'
    ? `withheld: fewer than ${minGroupSize} people, so the aggregate would reveal individual numbers`
    : `withheld: with the figures of the units below it, this aggregate would reveal a group of fewer than ${minGroupSize} people by subtraction`;
}

/**
 * Which units' aggregates (of one metric, one cycle, one instant) are withheld from a viewer. A
 * unit's aggregate covers its whole subtree. Units whose rows the viewer may see (`seesRows`: they
 * lead it, or are an admin) are never withheld from them. Any other unit is withheld when it
 * counts fewer than minGroupSize people. And because a department's figure minus the figures
 * below it is the figure of whoever is left, each unit is checked against what the viewer sees
 * below it (shown aggregates and the units they lead): when the people left over number between 1
 * and minGroupSize - 1, the smallest shown aggregate below is withheld too, or, when only what the
 * viewer leads is below, the unit's own aggregate, until the remainder is empty or large enough.
 */
export function withheldAggregates(
  org: OrganizationState,
  peopleByUnit: Map<string, Set<string>>,
  minGroupSize: number,
  seesRows: (unitId: string) => boolean,
): Map<string, WithholdingReason> {
  const children = new Map<string, string[]>();
  for (const unit of Object.values(org.units)) {
    if (unit.parentId === null) continue;
    const siblings = children.get(unit.parentId) ?? [];
    siblings.push(unit.id);
    children.set(unit.parentId, siblings);
  }
  const subtreePeople = new Map<string, Set<string>>();
  const postOrder: string[] = [];
  const visit = (unitId: string) => {
    const people = new Set(peopleByUnit.get(unitId) ?? []);
    for (const child of children.get(unitId) ?? []) {
      visit(child);
      for (const person of subtreePeople.get(child)!) people.add(person);
    }
    subtreePeople.set(unitId, people);
    postOrder.push(unitId);
  };
  for (const unit of Object.values(org.units)) if (unit.parentId === null || !org.units[unit.parentId]) visit(unit.id);

  const withheld = new Map<string, WithholdingReason>();
  for (const unitId of postOrder) {
    const size = subtreePeople.get(unitId)!.size;
    if (size > 0 && size < minGroupSize && !seesRows(unitId)) withheld.set(unitId, 'small-group');
  }
  const shownBelow = (unitId: string): string[] =>
    (children.get(unitId) ?? []).flatMap((child) => (withheld.has(child) || subtreePeople.get(child)!.size === 0 ? shownBelow(child) : [child]));

  for (const unitId of postOrder) {
    const everyone = subtreePeople.get(unitId)!;
    if (withheld.has(unitId) || everyone.size === 0 || seesRows(unitId)) continue;
    for (;;) {
      const shown = shownBelow(unitId);
      const covered = new Set(shown.flatMap((child) => [...subtreePeople.get(child)!]));
      const remainder = [...everyone].filter((person) => !covered.has(person)).length;
      if (remainder === 0 || remainder >= minGroupSize) break;
      const candidates = shown.filter((child) => !seesRows(child));
      if (!candidates.length) {
        withheld.set(unitId, 'difference');
        break;
      }
      const smallest = candidates.reduce((a, b) => (subtreePeople.get(b)!.size < subtreePeople.get(a)!.size ? b : a));
      withheld.set(smallest, 'difference');
    }
  }
  return withheld;
}
