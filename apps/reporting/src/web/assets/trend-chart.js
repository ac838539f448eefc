import { h } from './element.js';
import { formatAmount, formatInstant } from './format.js';
import uPlot from './uPlot.esm.js';

const DAY_SECONDS = 86_400;
const seconds = (iso) => Date.parse(iso) / 1000;
const shown = (unit) => (_, value) => (value === null || value === undefined ? '–' : formatAmount(value, unit));

/** Where the goal should be at each instant: from its start at the cycle's start to its target at its end. */
function expectedPaceAt(x, { start, target, cycle }) {
  const from = seconds(`${cycle.startsOn}T00:00:00Z`);
  const to = seconds(`${cycle.endsOn}T00:00:00Z`) + DAY_SECONDS;
  const share = Math.max(0, Math.min(1, (x - from) / (to - from)));
  return start + (target - start) * share;
}

function describe(points, { label, unit, target }) {
  const known = points.filter((point) => point.value !== null);
  if (!known.length) return `${label}: no value in this period`;
  const first = known[0];
  const last = known[known.length - 1];
  const toward = target === undefined ? '' : `, target ${formatAmount(target, unit)}`;
  return `${label}: from ${formatAmount(first.value, unit)} on ${formatInstant(first.at)} to ${formatAmount(last.value, unit)} on ${formatInstant(last.at)}${toward}`;
}

/**
 * A goal's value over the cycle with uPlot: a time axis in the viewer's time zone, the target as a
 * line, the expected pace (start to target over the cycle) for a goal that moves toward a target,
 * points so that one check-in still shows, and the values under the cursor in the legend. The
 * figure's label says the same in words for screen readers.
 * goal: { label, unit, target?, start?, direction?, cycle? }
 */
export function trendChart(points, goal, width) {
  const xs = points.map((point) => seconds(point.at));
  const data = [xs, points.map((point) => point.value)];
  const series = [{ value: (_, x) => (x === null ? '–' : formatInstant(new Date(x * 1000).toISOString())) }, { label: goal.label, stroke: '#1d4ed8', width: 2, points: { show: true, size: 6, fill: '#1d4ed8' }, value: shown(goal.unit) }];
  if (goal.target !== undefined && goal.target !== null) {
    data.push(xs.map(() => goal.target));
    series.push({ label: 'target', stroke: '#15803d', width: 1.5, dash: [6, 4], points: { show: false }, value: shown(goal.unit) });
    if (goal.cycle && goal.start !== undefined && (goal.direction === 'increase' || goal.direction === 'decrease')) {
      data.push(xs.map((x) => expectedPaceAt(x, goal)));
      series.push({ label: 'expected pace', stroke: '#6b7280', width: 1.5, dash: [2, 3], points: { show: false }, value: shown(goal.unit) });
    }
  }
  const holder = h('div', { className: 'trend-plot', 'aria-hidden': 'true' });
  const figure = h('figure', { className: 'trend', role: 'group', 'aria-label': describe(points, goal) }, holder, h('figcaption', { className: 'hint' }, goal.label));
  new uPlot({
    width,
    height: 200,
    series,
    scales: { x: { time: true } },
    axes: [{}, { values: (_, ticks) => ticks.map((tick) => formatAmount(tick, /^[A-Z]{3}$/.test(goal.unit ?? '') ? goal.unit : '')), size: 84 }],
    legend: { live: true },
  }, data, holder);
  return figure;
}
