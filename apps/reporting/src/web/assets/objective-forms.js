import { GOALS, send } from './api.js';
import { effectiveAtOf, numberOf, openFormDialog } from './form-dialog.js';

const OWNER_TYPES = { company: 'company', department: 'department', team: 'team' };
const path = (...parts) => `${GOALS}/objectives/${parts.map(encodeURIComponent).join('/')}`;

/** A new objective of the open unit for the open cycle; goals gives it its id. */
export function openNewObjective(unit, cycle, { today, onRecorded }) {
  openFormDialog({
    title: `New objective for ${unit.name}`,
    submitLabel: 'Create objective',
    fields: [
      { name: 'title', label: 'Title', required: true },
      { name: 'description', label: 'Why it matters (optional)', type: 'textarea' },
      { name: 'commitment', label: 'Commitment', type: 'select', value: 'committed', options: [['committed', 'committed: we will hit it'], ['aspirational', 'aspirational: a stretch']] },
      { name: 'effectiveAt', label: 'From (optional)', type: 'date', hint: `A past day to set it up as it was then, e.g. the cycle's first day (${cycle.startsOn}).` },
    ],
    onSubmit: async ({ title, description, commitment, effectiveAt }) => {
      await send('POST', `${GOALS}/objectives`, {
        cycleId: cycle.id,
        title,
        description: description.trim() || undefined,
        owner: { type: OWNER_TYPES[unit.kind] ?? unit.kind, id: unit.id },
        commitment,
        effectiveAt: effectiveAtOf(effectiveAt, today),
      });
      onRecorded(`Objective “${title}” created.`);
    },
  });
}

/** A key result: a number from a start to a target, or a milestone. */
export function openNewKeyResult(objective, { today, onRecorded }) {
  openFormDialog({
    title: `New key result for “${objective.title}”`,
    submitLabel: 'Add key result',
    fields: [
      { name: 'title', label: 'Title', required: true },
      { name: 'kind', label: 'Kind', type: 'select', value: 'metric', options: [['metric', 'a number to move'], ['milestone', 'a milestone: done or not']] },
      { name: 'start', label: 'Start (numbers only)', type: 'number', value: 0 },
      { name: 'target', label: 'Target (numbers only)', type: 'number' },
      { name: 'unit', label: 'Unit (numbers only)', hint: 'A currency code such as EUR, or a word: customers, points.' },
      { name: 'direction', label: 'Direction (numbers only)', type: 'select', value: 'increase', options: [['increase', 'increase to the target'], ['decrease', 'decrease to the target'], ['stay-above', 'stay above the target'], ['stay-below', 'stay below the target']] },
      { name: 'weight', label: 'Weight', type: 'number', value: 1, min: 0, hint: 'How much it counts in the objective’s progress.' },
      { name: 'effectiveAt', label: 'From (optional)', type: 'date' },
    ],
    onSubmit: async ({ title, kind, start, target, unit, direction, weight, effectiveAt }) => {
      const common = { title, weight: numberOf(weight), effectiveAt: effectiveAtOf(effectiveAt, today) };
      const body = kind === 'milestone' ? { ...common, kind } : { ...common, kind, start: numberOf(start), target: numberOf(target), unit, direction };
      await send('POST', path(objective.id, 'key-results'), body);
      onRecorded(`Key result “${title}” added.`);
    },
  });
}

/** The edits goals has for a key result: its weight in the objective. */
export function openKeyResultWeight(objective, keyResult, { onRecorded }) {
  openFormDialog({
    title: `Weight of “${keyResult.title}”`,
    submitLabel: 'Change weight',
    fields: [{ name: 'weight', label: 'Weight', type: 'number', value: keyResult.weight, min: 0 }],
    onSubmit: async ({ weight }) => {
      await send('PUT', path(objective.id, 'key-results', keyResult.id, 'weight'), { weight: numberOf(weight) });
      onRecorded(`Weight of ${keyResult.title} changed.`);
    },
  });
}

/** Aligns the objective under one more parent objective (of this cycle). */
export function openAlignment(objective, candidates, { onRecorded }) {
  openFormDialog({
    title: `Align “${objective.title}”`,
    intro: 'The objective it contributes to; an objective may have several parents.',
    submitLabel: 'Align',
    fields: [{ name: 'parentObjectiveId', label: 'Parent objective', type: 'select', options: candidates.map((candidate) => [candidate.id, candidate.title]) }],
    onSubmit: async ({ parentObjectiveId }) => {
      await send('POST', path(objective.id, 'alignments'), { parentObjectiveId });
      onRecorded(`“${objective.title}” aligned.`, { showsOnDashboard: false });
    },
  });
}
