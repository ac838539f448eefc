import { formatAmount, formatPercent } from './format.js';

/** Inline SVG charts, drawn from the API's figures: no library, nothing fetched. */
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  for (const child of children) if (child) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

const COLOURS = { good: '#15803d', warn: '#a16207', bad: '#b91c1c', accent: '#1d4ed8', track: '#e5e7eb', muted: '#6b7280', neutral: '#475569' };

/** Bars are coloured by pace (pace.js): the same colours as the legend's, one meaning each. */
const PACE_COLOURS = { 'on-pace': COLOURS.good, behind: COLOURS.warn, 'far-behind': COLOURS.bad, 'no-value': COLOURS.muted };

/**
 * A horizontal bar for a share (progress 0..1, attainment possibly beyond 1), scaled to `max`,
 * with a tick at 100 % when the scale goes past it. Announced to screen readers by its label.
 */
export function progressBar(ratio, { label, max = 1, pace, expected } = {}) {
  const width = 200;
  const share = Math.max(0, Math.min(ratio ?? 0, max)) / max;
  const expectedAt = expected === undefined ? null : Math.round((Math.min(expected, max) / max) * width);
  const chart = svg('svg', { viewBox: `0 0 ${width} 12`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label ?? formatPercent(ratio), class: 'progress-bar' },
    svg('title', {}, label ?? formatPercent(ratio)),
    svg('rect', { x: 0, y: 0, width, height: 12, rx: 6, fill: COLOURS.track }),
    svg('rect', { x: 0, y: 0, width: Math.round(share * width), height: 12, rx: 6, fill: PACE_COLOURS[pace] ?? COLOURS.neutral, 'data-ratio': ratio ?? 0, 'data-pace': pace }),
    max > 1 ? svg('line', { x1: width / max, x2: width / max, y1: 0, y2: 12, stroke: COLOURS.muted, 'stroke-width': 2 }) : null,
    expectedAt === null ? null : svg('line', { x1: expectedAt, x2: expectedAt, y1: 0, y2: 12, stroke: '#111827', 'stroke-width': 2, 'stroke-dasharray': '3 2', class: 'expected-pace' }),
  );
  return chart;
}

/**
 * How many people of a group reached 80 %, 100 % and 120 % of their target: one bar per bucket,
 * its length the share of the group, labelled with the count ("2 of 3"). One neutral colour: the
 * page's colours mean pace, and a count of people is not one.
 */
export function distributionChart(aggregate) {
  const buckets = [
    ['≥ 80 %', aggregate.distribution.atLeast80],
    ['≥ 100 %', aggregate.distribution.atLeast100],
    ['≥ 120 %', aggregate.distribution.atLeast120],
  ];
  const rowHeight = 26;
  const labelWidth = 70;
  const barWidth = 220;
  const height = buckets.length * rowHeight + 4;
  const description = buckets.map(([name, count]) => `${name}: ${count} of ${aggregate.people}`).join(', ');
  const chart = svg('svg', { viewBox: `0 0 ${labelWidth + barWidth + 80} ${height}`, width: labelWidth + barWidth + 80, role: 'img', 'aria-label': `Attainment distribution: ${description}`, class: 'chart distribution' },
    svg('title', {}, `Attainment distribution: ${description}`));
  buckets.forEach(([name, count], index) => {
    const y = index * rowHeight + 2;
    const share = aggregate.people ? count / aggregate.people : 0;
    chart.append(
      svg('text', { x: 0, y: y + 16, 'font-size': 13 }, name),
      svg('rect', { x: labelWidth, y, width: barWidth, height: 20, rx: 4, fill: COLOURS.track }),
      svg('rect', { x: labelWidth, y, width: Math.round(share * barWidth), height: 20, rx: 4, fill: COLOURS.neutral }),
      svg('text', { x: labelWidth + barWidth + 8, y: y + 16, 'font-size': 13 }, `${count} of ${aggregate.people}`),
    );
  });
  return chart;
}

/**
 * A KPI against its goal on one scale: the healthy range shaded (a band, or everything above or
 * below the target) and the value as a marker.
 */
export function kpiGoalChart(kpi) {
  const width = 260;
  const goal = kpi.goal;
  const anchors = goal.direction === 'within-band' ? [goal.band.min, goal.band.max] : [goal.target];
  const known = kpi.value === null ? anchors : [...anchors, kpi.value];
  const low = Math.min(...known);
  const high = Math.max(...known);
  const pad = (high - low || Math.abs(high) || 1) * 0.25;
  const from = low - pad;
  const to = high + pad;
  const x = (value) => Math.round(((value - from) / (to - from)) * width);
  let healthy;
  if (goal.direction === 'within-band') healthy = [goal.band.min, goal.band.max];
  else if (goal.direction === 'increase' || goal.direction === 'stay-above') healthy = [goal.target, to];
  else healthy = [from, goal.target];
  const goalText = goal.direction === 'within-band' ? `healthy between ${goal.band.min} and ${goal.band.max}` : `healthy ${goal.direction === 'increase' || goal.direction === 'stay-above' ? 'at or above' : 'at or below'} ${goal.target}`;
  const label = `${kpi.name}: ${formatAmount(kpi.value, kpi.unit)}, ${goalText}`;
  const chart = svg('svg', { viewBox: `0 0 ${width} 34`, width, role: 'img', 'aria-label': label, class: 'chart kpi-goal' },
    svg('title', {}, label),
    svg('rect', { x: 0, y: 8, width, height: 10, rx: 5, fill: COLOURS.track }),
    svg('rect', { x: x(healthy[0]), y: 8, width: Math.max(2, x(healthy[1]) - x(healthy[0])), height: 10, fill: '#bbf7d0', stroke: COLOURS.good }),
  );
  for (const anchor of anchors) chart.append(svg('text', { x: Math.min(width - 20, Math.max(0, x(anchor) - 8)), y: 32, 'font-size': 10 }, String(anchor)));
  if (kpi.value !== null) chart.append(svg('path', { d: `M ${x(kpi.value)} 4 l -5 -4 h 10 z M ${x(kpi.value) - 1.5} 4 h 3 v 18 h -3 z`, fill: kpi.health === 'healthy' ? COLOURS.good : COLOURS.bad }));
  return chart;
}
