import { h } from './element.js';

/** The columns a reader may sort the rows by, and how. */
const SORTS = {
  person: { label: 'Person', compare: (a, b) => a.personName.localeCompare(b.personName) },
  target: { label: 'Target', compare: (a, b) => a.currentTarget - b.currentTarget, number: true },
  attained: { label: 'Attained', compare: (a, b) => a.value - b.value, number: true },
  attainment: { label: 'Attainment', compare: (a, b) => a.attainment - b.attainment },
};
const COLUMNS = ['person', 'Unit', 'Metric', 'target', 'attained', 'attainment', 'Confidence', ''];

/** Kept while the tab is open: the order a reader chose stays as they move between units. */
const order = { key: 'person', descending: false };

/**
 * The individual rows the report holds (the API chose which), sortable by person, target, attained
 * and attainment: each sortable header is a button, and says its order to screen readers.
 * rowCells(row) gives a row's cells.
 */
export function targetRowsTable(rows, rowCells) {
  const body = h('tbody');
  const headers = new Map();
  const render = () => {
    const sorted = [...rows].sort((a, b) => SORTS[order.key].compare(a, b) * (order.descending ? -1 : 1));
    body.replaceChildren(...sorted.map((row) => h('tr', { 'data-target': row.targetId }, rowCells(row))));
    for (const [key, header] of headers) header.setAttribute('aria-sort', key === order.key ? (order.descending ? 'descending' : 'ascending') : 'none');
  };
  const headerOf = (column) => {
    const sort = SORTS[column];
    if (!sort) return h('th', { scope: 'col' }, column);
    const header = h('th', { scope: 'col', className: sort.number ? 'number' : undefined },
      h('button', { type: 'button', className: 'sort', 'data-sort': column, onClick: () => {
        order.descending = order.key === column ? !order.descending : column !== 'person';
        order.key = column;
        render();
      } }, sort.label));
    headers.set(column, header);
    return header;
  };
  const table = h('table', { id: 'target-rows' }, h('caption', {}, 'Individual targets you may see'), h('thead', {}, h('tr', {}, COLUMNS.map(headerOf))), body);
  render();
  return h('div', { className: 'table-scroll' }, table);
}
