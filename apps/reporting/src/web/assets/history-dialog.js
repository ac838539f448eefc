import { getJson } from './api.js';
import { sentenceOf } from './audit-trail.js';
import { h } from './element.js';
import { formatInstant, utcOf } from './format.js';
import { trendChart } from './trend-chart.js';

const PATHS = { objective: 'objectives', kpi: 'kpis', target: 'targets' };

/** Each series as a chart over the cycle (as known at knownAt); a series that fails says so in place. */
async function trendsOf(series, knownAt) {
  const width = Math.max(240, Math.min(560, window.innerWidth - 72));
  return Promise.all(series.map(async ({ path, ...goal }) => {
    try {
      const { points } = await getJson(path, { knownAt, points: 40 });
      return trendChart(points, goal, width);
    } catch (error) {
      return h('p', { className: 'error' }, `${goal.label}: ${error.message}`);
    }
  }));
}

/** When it was true, and when it was recorded if that was another moment (a late report, a backdated change). */
function whenOf(change) {
  const sameMinute = change.recordedAt.slice(0, 16) === change.effectiveAt.slice(0, 16);
  return h('td', { className: 'instant' },
    h('time', { datetime: change.effectiveAt, title: utcOf(change.effectiveAt) }, formatInstant(change.effectiveAt)),
    sameMinute ? null : h('div', { className: 'hint' }, 'recorded ', h('time', { datetime: change.recordedAt, title: utcOf(change.recordedAt) }, formatInstant(change.recordedAt))));
}

/**
 * A goal's audit history in a modal dialog: its value over time, then each change as a sentence
 * with who made it, when it was true and when it was recorded. knownAt limits both to what had been
 * recorded by then, like the dashboard. goal: { title, unit, keyResults: Map(id → { title, unit }) }.
 */
export async function showHistory(kind, id, title, { knownAt, series = [], names, goal = {} } = {}) {
  const dialog = document.getElementById('history-dialog');
  const body = document.getElementById('history-body');
  document.getElementById('history-title').textContent = `History of ${title}`;
  body.replaceChildren(h('p', { className: 'status' }, 'Loading…'));
  if (!dialog.open) dialog.showModal();
  const keyResults = goal.keyResults ?? new Map();
  const context = {
    names: { ...names, keyResult: (keyResultId) => keyResults.get(keyResultId)?.title },
    goal: { ...goal, keyResultUnit: (keyResultId) => keyResults.get(keyResultId)?.unit },
  };
  try {
    const [{ changes }, trends] = await Promise.all([getJson(`/${PATHS[kind]}/${encodeURIComponent(id)}/history`, { knownAt }), trendsOf(series, knownAt)]);
    body.replaceChildren(
      h('div', { className: 'trends' }, trends),
      changes.length
        ? h('div', { className: 'table-scroll' }, h('table', { id: 'history-table' },
            h('caption', { className: 'hint' }, `${changes.length} changes, newest first`),
            h('thead', {}, h('tr', {}, ...['When', 'Who', 'What', 'Reason'].map((name) => h('th', { scope: 'col' }, name)))),
            h('tbody', {}, [...changes].reverse().map((change) => h('tr', { 'data-event': change.type },
              whenOf(change),
              h('td', {}, names.person(change.actor)),
              h('td', {}, change.data.withheld ? h('span', { className: 'hint' }, change.data.withheld) : sentenceOf(change, context)),
              h('td', {}, change.reason ?? ''),
            )))))
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
