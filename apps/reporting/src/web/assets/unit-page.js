import { distributionChart, kpiGoalChart, progressBar } from './charts.js';
import { h } from './element.js';
import { CONFIDENCE_LABELS, formatAmount, formatInstant, formatNumber, formatPercent, SOURCE_LABELS } from './format.js';

const confidenceBadge = (confidence) =>
  h('span', { className: `badge ${confidence ?? 'none'}` }, confidence ? CONFIDENCE_LABELS[confidence] : 'no check-in');

const sourceTag = (source) => (source ? h('span', { className: 'source', title: SOURCE_LABELS[source] }, SOURCE_LABELS[source]) : null);

const progressRow = (ratio, label, max) => h('div', { className: 'progress' }, progressBar(ratio, { label, max }), h('span', { className: 'percent' }, formatPercent(ratio)));

/** series: the value charts the history shows above the changes ({ label, path, unit }). */
const historyButton = (onHistory, kind, id, title, series) =>
  h('button', { type: 'button', className: 'link', onClick: () => onHistory(kind, id, title, series), 'aria-label': `History of ${title}` }, 'History');

const seriesPath = (kind, ...ids) => `/series/${kind}/${ids.map(encodeURIComponent).join('/')}`;

/**
 * A unit's dashboard for a cycle, from the report the API answered: it shows exactly what the
 * report holds (rows only when the viewer may see them, withheld aggregates as withheld).
 */
export function renderUnitPage(report, { onHistory, onOpenUnit }) {
  return h('div', { className: 'unit-page' },
    h('div', { className: 'unit-head' },
      h('h2', { id: 'unit-title' }, report.unit.name, h('span', { className: 'hint' }, ` ${report.unit.kind}`)),
      h('p', { className: 'time-banner' },
        `${report.cycle.name} (${report.cycle.startsOn} to ${report.cycle.endsOn}, ${report.cycle.status}) · as of `, h('strong', {}, formatInstant(report.asOf)),
        ' · as known at ', h('strong', {}, formatInstant(report.knownAt))),
    ),
    objectivesSection(report, onHistory),
    h('div', { className: 'grid-2' }, atRiskSection(report), kpiSection(report, onHistory)),
    targetsSection(report, onHistory),
    subUnitsSection(report, onOpenUnit),
  );
}

function objectivesSection(report, onHistory) {
  const body = report.objectives.length
    ? report.objectives.map((objective) => h('article', { className: 'objective', 'aria-labelledby': `objective-${objective.id}` },
        h('div', { className: 'objective-head' },
          h('h4', { id: `objective-${objective.id}` }, objective.title),
          h('div', { className: 'figure-line' }, objective.atRisk.length ? h('span', { className: 'badge off-track', title: objective.atRisk.join('; ') }, 'flagged at risk') : null, confidenceBadge(objective.confidence), h('span', {}, objective.commitment), sourceTag(objective.source), historyButton(onHistory, 'objective', objective.id, objective.title, objective.keyResults.map((kr) => ({ label: kr.title, unit: kr.unit, path: seriesPath('key-results', objective.id, kr.id) })))),
        ),
        progressRow(objective.progress, `${objective.title}: ${formatPercent(objective.progress)} progress, rolled up from its key results`),
        h('ul', { className: 'key-results', 'aria-label': `Key results of ${objective.title}` }, objective.keyResults.map((kr) => keyResultItem(kr))),
      ))
    : h('p', { className: 'empty' }, 'No objectives for this unit in this cycle at this time.');
  return h('section', { className: 'card', 'aria-labelledby': 'objectives-title' }, h('h3', { id: 'objectives-title' }, 'Objectives and key results'), body);
}

function keyResultItem(kr) {
  const figure = kr.kind === 'milestone' ? (kr.value === 1 ? 'done' : 'not done yet') : `${formatAmount(kr.value, kr.unit)} of ${formatNumber(kr.target)} (from ${formatNumber(kr.start)}, ${kr.direction})`;
  return h('li', { 'data-key-result': kr.id },
    h('div', {}, h('strong', {}, kr.title), h('span', { className: 'hint' }, ` · weight ${kr.weight}`)),
    progressRow(kr.progress, `${kr.title}: ${formatPercent(kr.progress)} progress`),
    h('div', { className: 'figure-line' },
      h('span', { className: 'value' }, figure),
      confidenceBadge(kr.confidence),
      sourceTag(kr.source),
      kr.effectiveAt ? h('span', {}, `reported for ${formatInstant(kr.effectiveAt)}`) : null,
    ),
  );
}

function atRiskSection(report) {
  const list = report.atRisk.length
    ? h('ul', { className: 'at-risk-list' }, report.atRisk.map((item) => h('li', {}, h('strong', {}, item.title), ` (${item.unitId}, ${formatPercent(item.progress)}): ${item.reasons.join('; ')}`)))
    : h('p', { className: 'empty' }, 'Nothing at risk.');
  return h('section', { className: 'card', 'aria-labelledby': 'at-risk-title' },
    h('h3', { id: 'at-risk-title' }, `At risk (${report.atRisk.length})`),
    list,
    h('details', {}, h('summary', {}, 'The rule'), h('p', { className: 'hint' }, report.atRiskRule)));
}

function kpiSection(report, onHistory) {
  const body = report.kpis.length
    ? h('table', {},
        h('caption', { className: 'hint' }, 'Each KPI against its healthy range'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'KPI'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Against its goal'), h('th', { scope: 'col' }, 'Status'))),
        h('tbody', {}, report.kpis.map((kpi) => h('tr', { 'data-kpi': kpi.id },
          h('th', { scope: 'row' }, kpi.name, h('br'), historyButton(onHistory, 'kpi', kpi.id, kpi.name, [{ label: kpi.name, unit: kpi.unit, path: seriesPath('kpis', kpi.id) }])),
          h('td', {}, formatAmount(kpi.value, kpi.unit), h('br'), sourceTag(kpi.source)),
          h('td', {}, kpiGoalChart(kpi)),
          h('td', {}, h('span', { className: `badge ${kpi.health}` }, kpi.health), ' ', kpi.confidence ? confidenceBadge(kpi.confidence) : null),
        ))))
    : h('p', { className: 'empty' }, 'No KPIs for this unit.');
  return h('section', { className: 'card', 'aria-labelledby': 'kpis-title' }, h('h3', { id: 'kpis-title' }, 'KPIs'), body);
}

function aggregateBlock(aggregate, heading) {
  if (aggregate.withheld) {
    return h('div', { className: 'aggregate', 'data-aggregate': aggregate.metric },
      h('h4', {}, heading), h('p', { className: 'withheld', role: 'note' }, `${aggregate.metric} (${aggregate.unit}): ${aggregate.reason}`));
  }
  return h('div', { className: 'aggregate', 'data-aggregate': aggregate.metric },
    h('h4', {}, heading),
    h('p', { className: 'figure-line' },
      h('span', { className: 'value' }, `${formatAmount(aggregate.totalAttained, aggregate.unit)} of ${formatAmount(aggregate.totalTarget, aggregate.unit)}`),
      h('span', {}, `${aggregate.people} people`), sourceTag(aggregate.source)),
    progressRow(aggregate.attainment, `${aggregate.metric}: ${formatPercent(aggregate.attainment)} attained by the group`, 1.5),
    distributionChart(aggregate));
}

function targetsSection(report, onHistory) {
  const aggregates = report.targets.aggregates.length
    ? report.targets.aggregates.map((aggregate) => aggregateBlock(aggregate, `Quota attainment: ${aggregate.metric}`))
    : [h('p', { className: 'empty' }, 'No individual targets in this unit for this cycle.')];
  const rows = report.targets.rows.length
    ? h('div', { className: 'table-scroll' }, h('table', { id: 'target-rows' },
        h('caption', {}, 'Individual targets you may see'),
        h('thead', {}, h('tr', {},
          ...['Person', 'Unit', 'Metric'].map((name) => h('th', { scope: 'col' }, name)),
          ...['Target', 'Attained'].map((name) => h('th', { scope: 'col', className: 'number' }, name)),
          ...['Attainment', 'Confidence', ''].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', {}, report.targets.rows.map((row) => h('tr', { 'data-target': row.targetId },
          h('th', { scope: 'row' }, row.personName),
          h('td', {}, row.unitId),
          h('td', {}, row.metric),
          h('td', { className: 'number' }, formatAmount(row.currentTarget, row.unit), row.currentTarget !== row.originalTarget ? h('div', { className: 'hint' }, `originally ${formatNumber(row.originalTarget)}`) : null),
          h('td', { className: 'number' }, formatAmount(row.value, row.unit)),
          h('td', {}, progressRow(row.attainment, `${row.personName}: ${formatPercent(row.attainment)} of target`, 1.5), sourceTag(row.source)),
          h('td', {}, confidenceBadge(row.confidence)),
          h('td', {}, historyButton(onHistory, 'target', row.targetId, `${row.personName}'s target`, [{ label: `${row.personName}: ${row.metric}`, unit: row.unit, path: seriesPath('targets', row.targetId) }])),
        )))))
    : h('p', { className: 'hint' }, 'Individual rows are shown only to the person, the leads above them and admins.');
  return h('section', { className: 'card', 'aria-labelledby': 'targets-title' }, h('h3', { id: 'targets-title' }, 'Individual targets'), ...aggregates, rows);
}

function subUnitsSection(report, onOpenUnit) {
  if (!report.subUnits.length) return null;
  return h('section', { className: 'card', 'aria-labelledby': 'sub-units-title' },
    h('h3', { id: 'sub-units-title' }, 'Units below, rolled up'),
    h('table', {},
      h('thead', {}, h('tr', {}, ...['Unit', 'Objectives', 'Average progress', 'At risk', 'KPIs', 'Targets'].map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, report.subUnits.map((sub) => h('tr', { 'data-sub-unit': sub.unit.id },
        h('th', { scope: 'row' }, h('a', { href: `#unit=${encodeURIComponent(sub.unit.id)}`, onClick: (event) => { event.preventDefault(); onOpenUnit(sub.unit.id); } }, sub.unit.name)),
        h('td', { className: 'number' }, String(sub.objectives.count)),
        h('td', {}, sub.objectives.progress === null ? h('span', { className: 'empty' }, 'no objectives') : progressRow(sub.objectives.progress, `${sub.unit.name}: ${formatPercent(sub.objectives.progress)} average progress, rolled up`)),
        h('td', { className: 'number' }, String(sub.objectives.atRisk)),
        h('td', {}, `${sub.kpis.healthy} healthy, ${sub.kpis.unhealthy} unhealthy, ${sub.kpis.noData} without data`),
        h('td', {}, sub.targets.length ? sub.targets.map((aggregate) => aggregate.withheld
          ? h('p', { className: 'withheld', role: 'note' }, `${aggregate.metric}: ${aggregate.reason}`)
          : h('div', {}, `${aggregate.metric}: ${formatPercent(aggregate.attainment)} (${aggregate.people} people; ≥ 100 %: ${aggregate.distribution.atLeast100})`)) : h('span', { className: 'empty' }, 'none')),
      )))));
}
