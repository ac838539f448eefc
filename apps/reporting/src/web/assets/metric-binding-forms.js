import { GOALS, send } from './api.js';
import { effectiveAtOf, openFormDialog } from './form-dialog.js';
import { knownMetrics } from './format.js';

const AGGREGATIONS = [['sum', 'sum of the records'], ['count', 'number of records'], ['average', 'average'], ['last', 'latest value'], ['min', 'lowest'], ['max', 'highest']];

const metricField = () => {
  const metrics = knownMetrics();
  return metrics.length
    ? { name: 'metric', label: 'Metric', type: 'select', options: metrics.map((metric) => [metric.key, `${metric.name} (${metric.unit})`]) }
    : { name: 'metric', label: 'Metric key', hint: 'e.g. sales.closed_won_amount' };
};

/** Admins: a key result follows a metric of the ledger from then on, for a unit's people or one person. */
export function openKeyResultBinding(objective, keyResult, unitNode, { today, onRecorded }) {
  const people = [...unitNode.leads, ...unitNode.members].filter((person, index, all) => all.findIndex((other) => other.id === person.id) === index);
  openFormDialog({
    title: `Bind “${keyResult.title}” to a metric`,
    intro: 'From then on its value is computed from the data points that flow in, not checked in by hand.',
    submitLabel: 'Bind',
    fields: [
      metricField(),
      { name: 'aggregation', label: 'How the records make one number', type: 'select', value: 'sum', options: AGGREGATIONS },
      { name: 'scope', label: 'Whose data points', type: 'select', value: 'unit', options: [['unit', `everyone in ${unitNode.name} and below`], ...people.map((person) => [`person:${person.id}`, person.name])] },
      { name: 'effectiveAt', label: 'From (optional)', type: 'date', hint: 'A past day, e.g. the cycle’s first: it counts every data point of the cycle either way.' },
    ],
    onSubmit: async ({ metric, aggregation, scope, effectiveAt }) => {
      const scopeBody = scope === 'unit' ? { type: 'unit', unitId: unitNode.id, includeSubUnits: true } : { type: 'person', personId: scope.slice('person:'.length) };
      await send('POST', `${GOALS}/objectives/${encodeURIComponent(objective.id)}/key-results/${encodeURIComponent(keyResult.id)}/metric-binding`, { metric, aggregation, scope: scopeBody, effectiveAt: effectiveAtOf(effectiveAt, today) });
      onRecorded(`${keyResult.title} now follows its metric.`);
    },
  });
}

/** Admins: a quota follows its own metric for its person (the CRM's numbers instead of check-ins). */
export function openTargetBinding(row, { today, onRecorded }) {
  openFormDialog({
    title: `Bind ${row.personName}’s quota to the CRM`,
    intro: 'Its attained value becomes the person’s data points of the quota’s metric.',
    submitLabel: 'Bind',
    fields: [
      { name: 'aggregation', label: 'How the records make one number', type: 'select', value: 'sum', options: AGGREGATIONS },
      { name: 'effectiveAt', label: 'From (optional)', type: 'date' },
    ],
    onSubmit: async ({ aggregation, effectiveAt }) => {
      await send('POST', `${GOALS}/targets/${encodeURIComponent(row.targetId)}/metric-binding`, { aggregation, effectiveAt: effectiveAtOf(effectiveAt, today) });
      onRecorded(`${row.personName}’s quota now follows the CRM.`);
    },
  });
}
