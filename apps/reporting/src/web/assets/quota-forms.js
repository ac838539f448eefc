import { GOALS, getJson, send } from './api.js';
import { h } from './element.js';
import { effectiveAtOf, numberOf, openFormDialog } from './form-dialog.js';
import { formatAmount, formatPercent, knownMetrics, metricName } from './format.js';

/**
 * A proposed quota against what was attained before, as reporting judges it
 * (/people/{id}/quota-attainability, /targets/{id}/attainability): the person's past cycles, the
 * unit's (or why they are withheld), and the warning when the proposal is far above both.
 */
function attainabilityView(check, unit) {
  const amount = (value) => formatAmount(value, unit);
  const person = check.person.cycles.length
    ? h('ul', {}, check.person.cycles.map((cycle) => h('li', {}, `${cycle.name}: ${amount(cycle.attained)} of ${amount(cycle.quota)} (${formatPercent(cycle.attainment)})`)))
    : h('p', { className: 'hint' }, 'No past cycle of this person with this metric.');
  const unitCycles = check.unit.cycles.length
    ? h('ul', {}, check.unit.cycles.map((cycle) => h('li', {}, cycle.withheld
        ? `${cycle.name}: withheld (${cycle.reason})`
        : `${cycle.name}: ${cycle.people} people${cycle.bestAttained === null ? '' : `, best ${amount(cycle.bestAttained)}, median ${amount(cycle.medianAttained)}`}, ${cycle.distribution.atLeast100} at 100 % or more`)))
    : h('p', { className: 'hint' }, 'No past cycle of the unit with this metric.');
  const against = [
    check.proposedAgainst.personBest === null ? null : `${check.proposedAgainst.personBest.toFixed(1)}× the person’s best`,
    check.proposedAgainst.unitBest === null ? null : `${check.proposedAgainst.unitBest.toFixed(1)}× the unit’s best`,
  ].filter(Boolean).join(', ');
  return h('section', { className: 'attainability', 'aria-label': 'Against past cycles' },
    h('h3', {}, 'Against past cycles'),
    check.flag.farAboveHistory
      ? h('p', { className: 'warning', id: 'attainability-warning', role: 'alert' }, `Far above anything attained: ${amount(check.proposed)} is ${against}.`)
      : h('p', { className: 'ok', id: 'attainability-ok' }, check.flag.basis === 'no-history' ? 'No history to judge it against.' : `Within reach of past results${against ? ` (${against})` : ''}.`),
    h('h4', {}, 'This person'), person,
    h('h4', {}, 'The unit'), unitCycles,
    h('details', {}, h('summary', {}, 'The rule'), h('p', { className: 'hint' }, check.flag.rule)));
}

async function previewInto(slot, load, unit) {
  try {
    const check = await load();
    if (check) slot.replaceChildren(attainabilityView(check, unit));
    else slot.replaceChildren();
  } catch (error) {
    slot.replaceChildren(h('p', { className: 'hint' }, `Past cycles unavailable: ${error.message}`));
  }
}

/** A quota for a member of the unit: person, metric, amount; checked against history as it is typed. */
export function openNewQuota(unitNode, cycle, { today, onRecorded }) {
  const metrics = knownMetrics();
  const people = [...unitNode.members].sort((a, b) => a.name.localeCompare(b.name));
  openFormDialog({
    title: `New quota in ${unitNode.name}`,
    submitLabel: 'Set quota',
    fields: [
      { name: 'personId', label: 'Person', type: 'select', options: people.map((person) => [person.id, person.name]) },
      metrics.length
        ? { name: 'metric', label: 'Metric', type: 'select', options: metrics.map((metric) => [metric.key, `${metric.name} (${metric.unit})`]) }
        : { name: 'metric', label: 'Metric', value: 'sales.closed_won_amount', hint: 'Its key, e.g. sales.closed_won_amount.' },
      { name: 'targetValue', label: 'Quota', type: 'number', required: true, min: 0 },
      { name: 'unit', label: 'Unit', value: metrics[0]?.unit ?? 'EUR', hint: 'A currency code such as EUR, or a word.' },
      { name: 'effectiveAt', label: 'From (optional)', type: 'date', hint: `A past day, e.g. the cycle's first (${cycle.startsOn}).` },
    ],
    onInput: ({ personId, metric, targetValue, unit }, slot) =>
      previewInto(slot, async () => (numberOf(targetValue) > 0 && personId && metric
        ? getJson(`/people/${encodeURIComponent(personId)}/quota-attainability`, { unitId: unitNode.id, metric, cycleId: cycle.id, proposed: numberOf(targetValue) })
        : null), unit),
    onSubmit: async ({ personId, metric, targetValue, unit, effectiveAt }) => {
      await send('POST', `${GOALS}/targets`, { personId, unitId: unitNode.id, cycleId: cycle.id, metric, targetValue: numberOf(targetValue), unit, effectiveAt: effectiveAtOf(effectiveAt, today) });
      onRecorded(`Quota of ${people.find((person) => person.id === personId)?.name ?? personId} set.`);
    },
  });
}

/** A revision of a quota, with its reason; the original stays for attainment against either. */
export function openQuotaRevision(row, { onRecorded }) {
  openFormDialog({
    title: `Revise ${row.personName}’s quota`,
    intro: `${metricName(row.metric)}: now ${formatAmount(row.currentTarget, row.unit)}${row.currentTarget === row.originalTarget ? '' : `, originally ${formatAmount(row.originalTarget, row.unit)}`}.`,
    submitLabel: 'Revise quota',
    fields: [
      { name: 'targetValue', label: 'New quota', type: 'number', value: row.currentTarget, required: true, min: 0 },
      { name: 'reason', label: 'Reason', required: true, hint: 'e.g. territory change' },
    ],
    onInput: ({ targetValue }, slot) =>
      previewInto(slot, async () => (numberOf(targetValue) > 0 ? getJson(`/targets/${encodeURIComponent(row.targetId)}/attainability`, { proposed: numberOf(targetValue) }) : null), row.unit),
    onSubmit: async ({ targetValue, reason }) => {
      await send('POST', `${GOALS}/targets/${encodeURIComponent(row.targetId)}/revisions`, { targetValue: numberOf(targetValue), reason });
      onRecorded(`${row.personName}’s quota revised.`);
    },
  });
}
