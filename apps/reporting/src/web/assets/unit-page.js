import { downloadCsv } from './api.js';
import { distributionChart, kpiGoalChart, progressBar } from './charts.js';
import { openCheckIn } from './check-in.js';
import { h } from './element.js';
import { CONFIDENCE_LABELS, DIRECTION_LABELS, formatAmount, formatDay, formatInstant, formatPercent, metricName, SOURCE_LABELS, utcOf } from './format.js';
import { openAlignment, openKeyResultWeight, openNewKeyResult, openNewObjective } from './objective-forms.js';
import { elapsedShare, PACE_LABELS, paceOf, paceSentence } from './pace.js';
import { openKeyResultBinding, openTargetBinding } from './metric-binding-forms.js';
import { openNewQuota, openQuotaRevision } from './quota-forms.js';
import { targetRowsTable } from './target-rows.js';

const confidenceBadge = (confidence) =>
  h('span', { className: `badge ${confidence ?? 'none'}` }, confidence ? CONFIDENCE_LABELS[confidence] : 'no check-in');

const sourceTag = (source) => (source ? h('span', { className: 'source' }, SOURCE_LABELS[source]) : null);

/** A progress bar coloured by pace, with the expected pace marked; attainment may pass 100 % (max). */
const progressRow = (ratio, label, { expected, max = 1 } = {}) => {
  const pace = expected === undefined ? undefined : paceOf(ratio, expected);
  const title = expected === undefined ? label : `${label}; ${PACE_LABELS[pace]}, ${paceSentence(ratio, expected)}`;
  return h('div', { className: 'progress' }, progressBar(ratio, { label: title, max, pace, expected }), h('span', { className: 'percent' }, formatPercent(ratio)));
};

const historyButton = (onHistory, kind, id, title, options) =>
  h('button', { type: 'button', className: 'link', onClick: () => onHistory(kind, id, title, options), 'aria-label': `History of ${title}` }, 'History');

const seriesPath = (kind, ...ids) => `/series/${kind}/${ids.map(encodeURIComponent).join('/')}`;

const withheldNote = (what, reason) => h('p', { className: 'withheld', role: 'note' }, `${what}: ${reason}`);

/**
 * A unit's dashboard for a cycle, from the report the API answered: it shows exactly what the
 * report holds (rows only when the viewer may see them, withheld figures as withheld, with the
 * reason), and the page computes no figure the report does not hold except the share of the cycle
 * elapsed. ctx: { org, today, viewing (asOf set), onHistory, onOpenUnit, onRecorded }.
 */
export function renderUnitPage(report, ctx) {
  const expected = elapsedShare(report.cycle, report.asOf);
  const page = { ...ctx, report, expected, writable: !ctx.viewing && report.cycle.status !== 'closed' };
  return h('div', { className: 'unit-page' },
    h('div', { className: 'unit-head' },
      h('h2', { id: 'unit-title' }, report.unit.name, h('span', { className: 'hint' }, ` ${report.unit.kind}`)),
      h('button', { type: 'button', id: 'dashboard-csv', className: 'secondary', onClick: () => downloadDashboard(report, ctx) }, 'Download CSV'),
      h('p', { className: 'time-banner' },
        `${report.cycle.name} (${formatDay(report.cycle.startsOn)} to ${formatDay(report.cycle.endsOn)}, ${report.cycle.status}) · as of `,
        h('strong', { id: 'as-of-shown', title: utcOf(report.asOf), 'data-instant': report.asOf }, formatInstant(report.asOf)),
        ' · as known at ', h('strong', { id: 'known-at-shown', title: utcOf(report.knownAt), 'data-instant': report.knownAt }, formatInstant(report.knownAt))),
    ),
    summaryStrip(page),
    page.viewing ? h('p', { className: 'hint' }, 'Looking back in time: changes are made on “now”.') : null,
    objectivesSection(page),
    h('div', { className: 'grid-2' }, atRiskSection(page), kpiSection(page)),
    targetsSection(page),
    subUnitsSection(page),
  );
}

/** The same dashboard as CSV, for the instants on screen (what the report answered for). */
function downloadDashboard(report, ctx) {
  const path = `/units/${encodeURIComponent(report.unit.id)}/cycles/${encodeURIComponent(report.cycle.id)}/dashboard.csv`;
  downloadCsv(path, ctx.viewing ? { asOf: report.asOf, knownAt: report.knownAt } : {}, `${report.unit.id}-${report.cycle.id}.csv`)
    .catch((error) => (document.getElementById('status').textContent = `The CSV could not be made: ${error.message}`));
}

/** At a glance: progress against the pace the elapsed time asks for, key results by confidence, quota attainment. */
function summaryStrip({ report, expected }) {
  // Over the objectives the report gives a progress for; one withheld from the viewer stays out, and the strip says so.
  const progresses = report.objectives.map((objective) => objective.progress).filter((progress) => progress !== null);
  const withheldObjectives = report.objectives.length - progresses.length;
  const progress = progresses.length ? progresses.reduce((sum, value) => sum + value, 0) / progresses.length : null;
  const keyResults = report.objectives.flatMap((objective) => objective.keyResults);
  const counts = { 'on-track': 0, 'at-risk': 0, 'off-track': 0, none: 0 };
  const bound = keyResults.filter((keyResult) => keyResult.source === 'ingested').length;
  for (const keyResult of keyResults) if (keyResult.source !== 'ingested') counts[keyResult.confidence ?? 'none'] += 1;
  const quota = report.targets.aggregates;
  const tile = (name, label, ...content) => h('div', { className: 'tile', 'data-summary': name }, h('span', { className: 'tile-label' }, label), ...content);
  return h('section', { className: 'summary card', 'aria-label': `${report.unit.name} at a glance` },
    tile('progress', 'Objectives', h('strong', { className: 'tile-figure' }, formatPercent(progress)), progressRow(progress, `Average progress of ${progresses.length} objectives`, { expected }),
      h('span', { className: 'hint' }, progress === null ? 'no objective with a value' : paceSentence(progress, expected)),
      withheldObjectives ? h('span', { className: 'hint' }, `not counting ${withheldObjectives} whose progress is withheld`) : null),
    tile('pace', 'Cycle elapsed', h('strong', { className: 'tile-figure' }, formatPercent(expected)), h('span', { className: 'hint' }, `of ${report.cycle.name}`)),
    tile('status', 'Key results',
      h('ul', { className: 'status-counts' },
        h('li', {}, h('span', { className: 'badge on-track' }, `${counts['on-track']} on track`)),
        h('li', {}, h('span', { className: 'badge at-risk' }, `${counts['at-risk']} at risk`)),
        h('li', {}, h('span', { className: 'badge off-track' }, `${counts['off-track']} off track`)),
        counts.none ? h('li', {}, h('span', { className: 'badge none' }, `${counts.none} without check-in`)) : null,
        bound ? h('li', {}, h('span', { className: 'badge none' }, `${bound} fed by a source`)) : null)),
    tile('quota', 'Quota attainment', ...(quota.length
      ? quota.map((aggregate) => aggregate.withheld
          ? h('p', { className: 'withheld small', role: 'note' }, `${metricName(aggregate.metric)}: ${aggregate.reason}`)
          : h('div', {}, h('strong', { className: 'tile-figure' }, formatPercent(aggregate.attainment)), ' ', h('span', { className: 'hint' }, `${metricName(aggregate.metric)}, ${aggregate.people} people, ${aggregate.distribution.atLeast100} at 100 % or more`)))
      : [h('span', { className: 'hint' }, 'no quotas')])),
    paceLegend());
}

function paceLegend() {
  return h('details', { className: 'legend' }, h('summary', {}, 'What the colours mean'),
    h('ul', {}, ...['on-pace', 'behind', 'far-behind'].map((pace) => h('li', {}, h('span', { className: 'swatch', 'data-pace': pace }), `${PACE_LABELS[pace]}: ${{ 'on-pace': 'at or past the share of the cycle elapsed', behind: 'up to 20 points behind it', 'far-behind': 'more than 20 points behind it' }[pace]}`)),
      h('li', {}, h('span', { className: 'swatch expected' }), 'the dashed line: where the elapsed time says it should be')));
}

function objectivesSection(page) {
  const { report, expected, onHistory } = page;
  const body = report.objectives.length
    ? report.objectives.map((objective) => {
        const keyResults = new Map(objective.keyResults.map((kr) => [kr.id, { title: kr.title, unit: kr.unit }]));
        return h('article', { className: 'objective', 'aria-labelledby': `objective-${objective.id}`, 'data-objective': objective.id },
          h('div', { className: 'objective-head' },
            h('h4', { id: `objective-${objective.id}` }, objective.title),
            h('div', { className: 'figure-line' },
              objective.atRisk.length ? h('span', { className: 'badge off-track', title: objective.atRisk.join('; ') }, 'flagged at risk') : null,
              h('span', {}, `${objective.commitment}, ${page.org.unitName(objective.unitId)}`),
              historyButton(onHistory, 'objective', objective.id, objective.title, { series: objective.keyResults.map((kr) => ({ label: kr.title, unit: kr.unit, target: kr.target, start: kr.start, direction: kr.direction, cycle: report.cycle, path: seriesPath('key-results', objective.id, kr.id) })), goal: { keyResults } }),
              page.writable ? h('button', { type: 'button', className: 'link', onClick: () => openNewKeyResult(objective, page), 'aria-label': `Add key result to ${objective.title}` }, 'Add key result') : null,
              page.writable && report.objectives.length > 1 ? h('button', { type: 'button', className: 'link', onClick: () => openAlignment(objective, report.objectives.filter((other) => other.id !== objective.id), page), 'aria-label': `Align ${objective.title}` }, 'Align') : null),
          ),
          objective.progress === null && objective.keyResults.some((kr) => kr.withheld)
            ? withheldNote('progress withheld', 'it would give away a key result’s withheld value')
            : progressRow(objective.progress, `${objective.title}: ${formatPercent(objective.progress)} progress, rolled up from its key results`, { expected }),
          h('ul', { className: 'key-results', 'aria-label': `Key results of ${objective.title}` }, objective.keyResults.map((kr) => keyResultItem(objective, kr, page))),
        );
      })
    : h('p', { className: 'empty' }, 'No objectives for this unit in this cycle at this time.');
  return h('section', { className: 'card', 'aria-labelledby': 'objectives-title' },
    h('div', { className: 'section-head' }, h('h3', { id: 'objectives-title' }, 'Objectives and key results'),
      page.writable ? h('button', { type: 'button', id: 'new-objective', className: 'secondary', onClick: () => openNewObjective(report.unit, report.cycle, page) }, 'New objective') : null),
    body);
}

function keyResultItem(objective, kr, page) {
  if (kr.withheld) return h('li', { 'data-key-result': kr.id }, h('strong', {}, kr.title), withheldNote('value withheld', kr.withheld));
  const bound = kr.source === 'ingested';
  const figure = kr.kind === 'milestone'
    ? (kr.value === 1 ? 'done' : 'not done yet')
    : `${formatAmount(kr.value, kr.unit)} of ${formatAmount(kr.target, kr.unit)}`;
  const direction = kr.kind === 'milestone' ? '' : ` · ${DIRECTION_LABELS[kr.direction] ?? kr.direction}${kr.start ? ` from ${formatAmount(kr.start, kr.unit)}` : ''}`;
  return h('li', { 'data-key-result': kr.id },
    h('div', { className: 'kr-head' }, h('strong', {}, kr.title), h('span', { className: 'hint' }, `${direction}${objective.keyResults.length > 1 ? ` · counts ${kr.weight}×` : ''}`)),
    progressRow(kr.progress, `${kr.title}: ${formatPercent(kr.progress)} progress`, { expected: page.expected }),
    h('div', { className: 'figure-line' },
      h('span', { className: 'value' }, figure),
      // A bound key result moves with its source: a confidence typed by hand would be stale next to it.
      bound ? sourceTag(kr.source) : confidenceBadge(kr.confidence),
      !bound && kr.effectiveAt ? h('span', { title: utcOf(kr.effectiveAt) }, `checked in ${formatInstant(kr.effectiveAt)}`) : null,
      page.writable && !bound ? h('button', { type: 'button', className: 'check-in', onClick: () => openCheckIn(objective, kr, page), 'aria-label': `Check in on ${kr.title}` }, 'Check in') : null,
      page.writable && objective.keyResults.length > 1 ? h('button', { type: 'button', className: 'link', onClick: () => openKeyResultWeight(objective, kr, page), 'aria-label': `Weight of ${kr.title}` }, 'Weight') : null,
      page.writable && page.org.isAdmin && kr.kind === 'metric' && !bound
        ? h('button', { type: 'button', className: 'link', onClick: () => openKeyResultBinding(objective, kr, page.org.unitNode(page.report.unit.id), page), 'aria-label': `Bind ${kr.title} to a metric` }, 'Bind')
        : null,
    ),
  );
}

/** The rule's reasons name key results by id: the page names them by title where it knows them. */
function reasonInWords(reason, titles) {
  return reason.replace(/key result (\S+)/g, (whole, id) => (titles.has(id) ? `key result “${titles.get(id)}”` : whole));
}

function atRiskSection({ report, org }) {
  const titles = new Map(report.objectives.flatMap((objective) => objective.keyResults.map((kr) => [kr.id, kr.title])));
  const list = report.atRisk.length
    ? h('ul', { className: 'at-risk-list' }, report.atRisk.map((item) => h('li', {}, h('strong', {}, item.title), ` (${org.unitName(item.unitId)}, ${formatPercent(item.progress)}): ${item.reasons.map((reason) => reasonInWords(reason, titles)).join('; ')}`)))
    : h('p', { className: 'empty' }, 'Nothing at risk.');
  return h('section', { className: 'card', 'aria-labelledby': 'at-risk-title' },
    h('h3', { id: 'at-risk-title' }, `At risk (${report.atRisk.length})`),
    list,
    h('details', {}, h('summary', {}, 'The rule'), h('p', { className: 'hint' }, report.atRiskRule)));
}

const HEALTH_LABELS = { healthy: 'healthy', unhealthy: 'unhealthy', 'no-data': 'no data', withheld: 'withheld' };

function kpiSection({ report, onHistory }) {
  const body = report.kpis.length
    ? h('div', { className: 'table-scroll' }, h('table', {},
        h('caption', { className: 'hint' }, 'Each KPI against its healthy range'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'KPI'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Against its goal'), h('th', { scope: 'col' }, 'Status'))),
        h('tbody', {}, report.kpis.map((kpi) => h('tr', { 'data-kpi': kpi.id },
          h('th', { scope: 'row' }, kpi.name, h('br'), historyButton(onHistory, 'kpi', kpi.id, kpi.name, { series: [{ label: kpi.name, unit: kpi.unit, target: kpi.goal.target, path: seriesPath('kpis', kpi.id) }], goal: { unit: kpi.unit } })),
          kpi.withheld
            ? h('td', { colspan: 3 }, withheldNote('withheld', kpi.withheld))
            : [
                h('td', {}, formatAmount(kpi.value, kpi.unit), h('br'), sourceTag(kpi.source)),
                h('td', {}, kpiGoalChart(kpi)),
                h('td', {}, h('span', { className: `badge ${kpi.health}` }, HEALTH_LABELS[kpi.health] ?? kpi.health), ' ', kpi.confidence && kpi.source !== 'ingested' ? confidenceBadge(kpi.confidence) : null),
              ],
        )))))
    : h('p', { className: 'empty' }, 'No KPIs for this unit.');
  return h('section', { className: 'card', 'aria-labelledby': 'kpis-title' }, h('h3', { id: 'kpis-title' }, 'KPIs'), body);
}

function aggregateBlock(aggregate, expected) {
  const heading = `Quota attainment: ${metricName(aggregate.metric)}`;
  if (aggregate.withheld) {
    return h('div', { className: 'aggregate', 'data-aggregate': aggregate.metric }, h('h4', {}, heading), withheldNote(`${metricName(aggregate.metric)} (${aggregate.unit})`, aggregate.reason));
  }
  return h('div', { className: 'aggregate', 'data-aggregate': aggregate.metric },
    h('h4', {}, heading),
    h('p', { className: 'figure-line' },
      h('span', { className: 'value' }, `${formatAmount(aggregate.totalAttained, aggregate.unit)} of ${formatAmount(aggregate.totalTarget, aggregate.unit)}`),
      h('span', {}, `${aggregate.people} people`), sourceTag(aggregate.source)),
    progressRow(aggregate.attainment, `${metricName(aggregate.metric)}: ${formatPercent(aggregate.attainment)} attained by the group`, { expected, max: 1.5 }),
    distributionChart(aggregate));
}

function targetsSection(page) {
  const { report, expected, onHistory, org } = page;
  const aggregates = report.targets.aggregates.length
    ? report.targets.aggregates.map((aggregate) => aggregateBlock(aggregate, expected))
    : [h('p', { className: 'empty' }, 'No individual targets in this unit for this cycle.')];
  const mayManage = page.writable && org.mayManageQuotas(report.unit.id);
  const rowCells = (row) => [
    h('th', { scope: 'row' }, row.personName),
    h('td', {}, org.unitName(row.unitId)),
    h('td', {}, metricName(row.metric)),
    h('td', { className: 'number' }, formatAmount(row.currentTarget, row.unit), row.currentTarget !== row.originalTarget ? h('div', { className: 'hint' }, `originally ${formatAmount(row.originalTarget, row.unit)}`) : null),
    h('td', { className: 'number' }, formatAmount(row.value, row.unit)),
    h('td', {}, progressRow(row.attainment, `${row.personName}: ${formatPercent(row.attainment)} of target`, { expected, max: 1.5 })),
    h('td', {}, row.source === 'ingested' ? sourceTag(row.source) : confidenceBadge(row.confidence)),
    h('td', { className: 'row-actions' },
      historyButton(onHistory, 'target', row.targetId, `${row.personName}'s target`, { series: [{ label: `${row.personName}: ${metricName(row.metric)}`, unit: row.unit, target: row.currentTarget, start: 0, direction: 'increase', cycle: report.cycle, path: seriesPath('targets', row.targetId) }], goal: { unit: row.unit } }),
      mayManage ? h('button', { type: 'button', className: 'link', onClick: () => openQuotaRevision(row, page), 'aria-label': `Revise ${row.personName}’s quota` }, 'Revise') : null,
      page.writable && org.isAdmin && row.source !== 'ingested' ? h('button', { type: 'button', className: 'link', onClick: () => openTargetBinding(row, page), 'aria-label': `Bind ${row.personName}’s quota to the CRM` }, 'Bind') : null),
  ];
  const rows = report.targets.rows.length
    ? targetRowsTable(report.targets.rows, rowCells)
    : h('p', { className: 'hint' }, 'Individual rows are shown only to the person, the leads above them and admins.');
  const unitNode = org.unitNode(report.unit.id);
  return h('section', { className: 'card', 'aria-labelledby': 'targets-title' },
    h('div', { className: 'section-head' }, h('h3', { id: 'targets-title' }, 'Individual targets'),
      mayManage && unitNode?.members.length ? h('button', { type: 'button', id: 'new-quota', className: 'secondary', onClick: () => openNewQuota(unitNode, report.cycle, page) }, 'New quota') : null),
    ...aggregates, rows);
}

function subUnitsSection({ report, onOpenUnit, expected }) {
  if (!report.subUnits.length) return null;
  return h('section', { className: 'card', 'aria-labelledby': 'sub-units-title' },
    h('h3', { id: 'sub-units-title' }, 'Units below, rolled up'),
    h('div', { className: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, ...['Unit', 'Objectives', 'Average progress', 'At risk', 'KPIs', 'Quotas'].map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, report.subUnits.map((sub) => h('tr', { 'data-sub-unit': sub.unit.id },
        h('th', { scope: 'row' }, h('a', { href: `#unit=${encodeURIComponent(sub.unit.id)}`, onClick: (event) => { event.preventDefault(); onOpenUnit(sub.unit.id); } }, sub.unit.name)),
        h('td', { className: 'number' }, String(sub.objectives.count)),
        h('td', {}, sub.objectives.progress === null ? h('span', { className: 'empty' }, 'no objectives') : progressRow(sub.objectives.progress, `${sub.unit.name}: ${formatPercent(sub.objectives.progress)} average progress, rolled up`, { expected })),
        h('td', { className: 'number' }, String(sub.objectives.atRisk)),
        h('td', {}, `${sub.kpis.healthy} healthy, ${sub.kpis.unhealthy} unhealthy, ${sub.kpis.noData} without data${sub.kpis.withheld ? `, ${sub.kpis.withheld} withheld` : ''}`),
        h('td', {}, sub.targets.length ? sub.targets.map((aggregate) => aggregate.withheld
          ? withheldNote(metricName(aggregate.metric), aggregate.reason)
          : h('div', {}, `${metricName(aggregate.metric)}: ${formatPercent(aggregate.attainment)} (${aggregate.people} people; ${aggregate.distribution.atLeast100} at 100 % or more)`)) : h('span', { className: 'empty' }, 'none')),
      ))))));
}

