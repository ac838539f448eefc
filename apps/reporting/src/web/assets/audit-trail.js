import { CONFIDENCE_LABELS, DIRECTION_LABELS, formatAmount, metricName } from './format.js';

/**
 * One change of a goal's history as a sentence a person reads ("Rita's quota revised from
 * €100,000 to €120,000"), from the event's type and data; who and when go beside it. An event
 * the page has no sentence for says its type, never a raw diff.
 *
 * names: { person(id), keyResult(id), unitName(id) }; goal: { title, unit }
 */
export function sentenceOf(change, { names, goal }) {
  const data = change.data ?? {};
  const amount = (value) => formatAmount(value, data.unit ?? goal.unit);
  const keyResult = () => `“${names.keyResult(data.keyResultId) ?? data.title ?? 'a key result'}”`;
  const confidence = () => (data.confidence ? `, ${CONFIDENCE_LABELS[data.confidence]}` : '');
  const note = () => (data.note ? `: “${data.note}”` : '');
  switch (change.type) {
    case 'ObjectiveDefined':
      return `Objective “${data.title}” set for ${names.unitName(data.owner?.id)} (${data.commitment})`;
    case 'KeyResultAdded': {
      const definition = data.definition ?? {};
      return definition.kind === 'milestone'
        ? `Milestone “${data.title}” added`
        : `Key result “${data.title}” added: ${DIRECTION_LABELS[definition.direction] ?? definition.direction} from ${formatAmount(definition.start, definition.unit)} to ${formatAmount(definition.target, definition.unit)}`;
    }
    case 'KeyResultCheckInRecorded':
      return `Check-in on ${keyResult()}: ${formatAmount(data.value, goal.keyResultUnit?.(data.keyResultId))}${confidence()}${note()}`;
    case 'KeyResultCheckInAmended':
      return `Check-in on ${keyResult()} corrected to ${formatAmount(data.value, goal.keyResultUnit?.(data.keyResultId))}${confidence()}`;
    case 'KeyResultWeightChanged':
      return `Weight of ${keyResult()} changed from ${data.previousWeight} to ${data.weight}`;
    case 'KeyResultRemoved':
      return `Key result ${keyResult()} removed`;
    case 'KeyResultBoundToMetric':
      return `${keyResult()} now follows ${metricName(data.binding?.metric)} (${data.binding?.aggregation})`;
    case 'ObjectiveAligned':
      return `Aligned to ${names.objective?.(data.parentObjectiveId) ?? 'a parent objective'}`;
    case 'AlignmentRemoved':
      return `No longer aligned to ${names.objective?.(data.parentObjectiveId) ?? 'a parent objective'}`;
    case 'ObjectiveArchived':
      return 'Objective archived';
    case 'KpiDefined':
      return `KPI “${data.name}” defined`;
    case 'KpiCheckInRecorded':
      return `Check-in: ${amount(data.value)}${confidence()}${note()}`;
    case 'KpiGoalChanged':
      return 'Healthy range changed';
    case 'KpiBoundToMetric':
    case 'TargetBoundToMetric':
      return `Now follows ${metricName(data.binding?.metric)} (${data.binding?.aggregation})`;
    case 'KpiArchived':
      return 'KPI archived';
    case 'TargetSet':
      return `${names.person(data.personId)}’s quota set to ${amount(data.targetValue)} of ${metricName(data.metric)} in ${names.unitName(data.unitId)}`;
    case 'TargetRevised':
      return `Quota revised from ${amount(data.previousTargetValue)} to ${amount(data.targetValue)}`;
    case 'TargetCheckInRecorded':
      return `Check-in: ${amount(data.value)} attained${confidence()}${note()}`;
    case 'TargetCheckInAmended':
      return `Check-in corrected to ${amount(data.value)}${confidence()}`;
    default:
      return change.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (first) => first.toUpperCase());
  }
}
