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
