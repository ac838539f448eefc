import { h } from './element.js';

/** The organisation as nested lists of links, the open unit marked as the current page. */
export function renderOrgTree(tree, currentUnitId, onOpenUnit) {
  const item = (unit) =>
    h('li', {},
      h('a', {
        href: `#unit=${encodeURIComponent(unit.id)}`,
        'aria-current': unit.id === currentUnitId ? 'page' : undefined,
        'data-unit': unit.id,
        onClick: (event) => {
          event.preventDefault();
          onOpenUnit(unit.id);
        },
      }, unit.name, h('span', { className: 'kind' }, unit.kind)),
      unit.units.length ? h('ul', {}, unit.units.filter((child) => !child.archived).map(item)) : null,
    );
  return [h('h2', { className: 'hint' }, 'Organisation'), h('ul', {}, tree.units.map(item))];
}

/** Where a person lands first: a unit they lead, else one they belong to, else the top of the tree. */
export function homeUnitOf(tree, personId) {
  const all = [];
  const walk = (unit) => {
    all.push(unit);
    unit.units.forEach(walk);
  };
  tree.units.forEach(walk);
  const led = all.find((unit) => unit.leads.some((lead) => lead.id === personId));
  const member = all.find((unit) => unit.members.some((m) => m.id === personId));
  return (led ?? member ?? all[0])?.id ?? null;
}

/**
 * The organisation as the page needs it: names for ids, and whether the viewer may manage quotas
 * in a unit (an admin, or a lead of it or of a unit above it), only to offer the form: goals decides.
 */
export function orgOf(tree, claims) {
  const units = new Map();
  const parents = new Map();
  const people = new Map();
  const walk = (unit, parentId) => {
    units.set(unit.id, unit);
    parents.set(unit.id, parentId);
    for (const person of [...unit.leads, ...unit.members]) people.set(person.id, person.name);
    unit.units.forEach((child) => walk(child, unit.id));
  };
  tree.units.forEach((unit) => walk(unit, null));
  const leadsAbove = (unitId) => {
    for (let id = unitId; id; id = parents.get(id)) if (units.get(id)?.leads.some((lead) => lead.id === claims?.subject)) return true;
    return false;
  };
  return {
    unitNode: (unitId) => units.get(unitId) ?? null,
    unitName: (unitId) => units.get(unitId)?.name ?? unitId,
    personName: (personId) => people.get(personId) ?? personId,
    isAdmin: claims?.role === 'admin',
    people: () => [...people].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    mayManageQuotas: (unitId) => claims?.role === 'admin' || leadsAbove(unitId),
  };
}
