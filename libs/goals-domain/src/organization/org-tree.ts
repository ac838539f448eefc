import { OrganizationState, Unit } from './organization.state';

/** The units above a unit, nearest first. */
export function ancestorsOf(state: OrganizationState, unitId: string): Unit[] {
  const ancestors: Unit[] = [];
  let parentId = state.units[unitId]?.parentId ?? null;
  while (parentId !== null && state.units[parentId] && ancestors.length < Object.keys(state.units).length) {
    ancestors.push(state.units[parentId]);
    parentId = state.units[parentId].parentId;
  }
  return ancestors;
}

/** The unit and every unit below it, level by level: one pass over the units (a scan per unit made a report's roll-ups quadratic). */
export function subtreeOf(state: OrganizationState, unitId: string): string[] {
  const children = new Map<string, string[]>();
  for (const id in state.units) {
    const { parentId } = state.units[id];
    if (parentId === null) continue;
    const siblings = children.get(parentId);
    if (siblings) siblings.push(id);
    else children.set(parentId, [id]);
  }
  const ids = [unitId];
  for (let i = 0; i < ids.length; i++) for (const child of children.get(ids[i]) ?? []) ids.push(child);
  return ids;
}

/** Leads of the unit and of every unit above it: who may see the unit's individual targets. */
export function leadsOf(state: OrganizationState, unitId: string): string[] {
  const unit = state.units[unitId];
  if (!unit) return [];
  return [...new Set([unit, ...ancestorsOf(state, unitId)].flatMap((u) => u.leads))];
}

export function activeChildrenOf(state: OrganizationState, unitId: string): Unit[] {
  return Object.values(state.units).filter((unit) => unit.parentId === unitId && !unit.archived);
}

/** Each unit's people with those of every unit below it, from the people placed in each unit: one pass up the tree. */
export function subtreePeopleOf(org: OrganizationState, peopleByUnit: Map<string, Set<string>>): Map<string, Set<string>> {
  const topDown = Object.values(org.units)
    .filter((unit) => unit.parentId === null || !org.units[unit.parentId])
    .flatMap((root) => subtreeOf(org, root.id));
  const subtreePeople = new Map<string, Set<string>>();
  for (const unitId of topDown.reverse()) {
    const people = subtreePeople.get(unitId) ?? new Set<string>();
    for (const person of peopleByUnit.get(unitId) ?? []) people.add(person);
    subtreePeople.set(unitId, people);
    const parentId = org.units[unitId].parentId;
    if (parentId !== null && org.units[parentId]) {
      const above = subtreePeople.get(parentId) ?? new Set<string>();
      for (const person of people) above.add(person);
      subtreePeople.set(parentId, above);
    }
  }
  return subtreePeople;
}
