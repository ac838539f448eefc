import { GOALS, send } from './api.js';
import { effectiveAtOf, numberOf, openFormDialog } from './form-dialog.js';
import { CONFIDENCE_LABELS, formatAmount } from './format.js';

const confidenceOptions = Object.entries(CONFIDENCE_LABELS);

/**
 * A check-in on a key result: the value, how confident the team is, and what it learned; a day in
 * the past when the value was true then (a late report). The form opens on the current figures,
 * so a check-in is the button and one more click.
 */
export function openCheckIn(objective, keyResult, { today, onRecorded }) {
  const milestone = keyResult.kind === 'milestone';
  openFormDialog({
    title: `Check in: ${keyResult.title}`,
    intro: milestone ? 'A milestone is done (1) or not yet (0).' : `Now ${formatAmount(keyResult.value, keyResult.unit)}, heading for ${formatAmount(keyResult.target, keyResult.unit)}.`,
    submitLabel: 'Record check-in',
    fields: [
      milestone
        ? { name: 'value', label: 'Done?', type: 'select', value: keyResult.value ?? 0, options: [[0, 'not yet'], [1, 'done']] }
        : { name: 'value', label: `Value (${keyResult.unit})`, type: 'number', value: keyResult.value ?? '', required: true },
      { name: 'confidence', label: 'Confidence', type: 'select', value: keyResult.confidence ?? 'on-track', options: confidenceOptions },
      { name: 'note', label: 'What did you learn?', type: 'textarea', hint: 'Optional: what moved, what got in the way.' },
      { name: 'effectiveAt', label: 'True on (optional)', type: 'date', hint: 'A past day for a late report; empty means now.', value: '' },
    ],
    onSubmit: async ({ value, confidence, note, effectiveAt }) => {
      await send('POST', `${GOALS}/objectives/${encodeURIComponent(objective.id)}/key-results/${encodeURIComponent(keyResult.id)}/check-ins`, {
        value: numberOf(value),
        confidence,
        note: note.trim() || undefined,
        effectiveAt: effectiveAtOf(effectiveAt, today),
      });
      onRecorded(`Check-in on ${keyResult.title} recorded.`);
    },
  });
}
