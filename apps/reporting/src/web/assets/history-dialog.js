import { getJson } from './api.js';
import { lineChart } from './charts.js';
import { h } from './element.js';
import { formatInstant } from './format.js';

const PATHS = { objective: 'objectives', kpi: 'kpis', target: 'targets' };

const describeChange = (change) => {
  const from = change.from === undefined ? '' : `${JSON.stringify(change.from)} → `;
  return `${change.path || '(the goal)'}: ${from}${change.to === undefined ? '(removed)' : JSON.stringify(change.to)}`;
};

/** Each series as a line chart over the cycle (as known at knownAt); a series that fails says so in place. */
async function trendsOf(series, knownAt) {
  return Promise.all(series.map(async ({ label, path, unit }) => {
    try {
      const { points } = await getJson(path, { knownAt, points: 40 });
      return h('figure', { className: 'trend' }, lineChart(points, { label, unit }), h('figcaption', { className: 'hint' }, label));
    } catch (error) {
      return h('p', { className: 'error' }, `${label}: ${error.message}`);
    }
  }));
}

/**
 * A goal's audit history in a modal dialog: its value over time, then who changed what, when it
 * was recorded and when it was true. knownAt limits both to what had been recorded by then, like
 * the dashboard.
 */
export async function showHistory(kind, id, title, { knownAt, series = [] } = {}) {
  const dialog = document.getElementById('history-dialog');
  const body = document.getElementById('history-body');
  document.getElementById('history-title').textContent = `History of ${title}`;
  body.replaceChildren(h('p', { className: 'status' }, 'Loading…'));
  if (!dialog.open) dialog.showModal();
  try {
    const [{ changes }, trends] = await Promise.all([getJson(`/${PATHS[kind]}/${encodeURIComponent(id)}/history`, { knownAt }), trendsOf(series, knownAt)]);
    body.replaceChildren(
      h('div', { className: 'trends' }, trends),
      changes.length
        ? h('table', { id: 'history-table' },
            h('caption', { className: 'hint' }, `${changes.length} changes, in the order they were recorded`),
            h('thead', {}, h('tr', {}, ...['Recorded', 'True from', 'Who', 'Change', 'Reason', 'What changed'].map((name) => h('th', { scope: 'col' }, name)))),
            h('tbody', {}, changes.map((change) => h('tr', {},
              h('td', { className: 'instant' }, formatInstant(change.recordedAt)),
              h('td', { className: 'instant' }, formatInstant(change.effectiveAt)),
              h('td', {}, change.actor),
              h('td', {}, change.type),
              h('td', {}, change.reason ?? ''),
              h('td', {}, change.data.withheld
                ? h('span', { className: 'hint' }, change.data.withheld)
                : h('ul', { className: 'changes' }, change.changes.map((c) => h('li', {}, describeChange(c))))),
            ))))
        : h('p', { className: 'empty' }, 'Nothing had been recorded by then.'),
    );
  } catch (error) {
    body.replaceChildren(h('p', { className: 'error', role: 'alert' }, error.status === 404 ? 'No such goal, or not one you may see.' : error.message));
  }
}

export function wireHistoryDialog() {
  const dialog = document.getElementById('history-dialog');
  document.getElementById('history-close').addEventListener('click', () => dialog.close());
}
