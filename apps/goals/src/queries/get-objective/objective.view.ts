import { objectiveProgress, ObjectiveState, OrganizationState, Viewer } from '@okr/goals-domain';
import { BoundValues } from '@okr/goals-domain';

/**
 * An objective as readers want it: each key result with its current value (its metric's reading
 * while bound, else its holding check-in) and confidence, and the roll-up. A bound key result
 * summing fewer than minGroupSize people the viewer may not all see has no value or progress
 * (boundValueDisclosure), and then neither has the objective's weighted progress, which would
 * give it away. The facts behind a value are shown by the lineage endpoint, to those who may see them.
 */
export function objectiveView(state: ObjectiveState, values: BoundValues, org: OrganizationState, viewer: Viewer) {
  const refOf = (keyResultId: string) => ({ kind: 'objective' as const, id: state.id, keyResultId });
  const progress = objectiveProgress(state, (keyResult) => values.value(keyResult, refOf(keyResult.id)));
  const withheld: Record<string, string> = {};
  const keyResults = Object.fromEntries(
    Object.entries(state.keyResults).map(([id, keyResult]) => {
      const disclosure = values.disclosure(keyResult, refOf(id), org, viewer);
      const shown = { ...keyResult, confidence: keyResult.latestCheckIn?.confidence ?? null };
      if (!disclosure.withheld) return [id, { ...shown, currentValue: values.value(keyResult, refOf(id)) }];
      withheld[id] = disclosure.reason;
      return [id, { ...shown, withheld: true, reason: disclosure.reason }];
    }),
  );
  if (Object.keys(withheld).length === 0) return { state: { ...state, keyResults }, progress };
  const shownProgress = Object.fromEntries(Object.entries(progress.keyResults).filter(([id]) => !(id in withheld)));
  return { state: { ...state, keyResults }, progress: { withheld: true, reason: `key results ${Object.keys(withheld).join(', ')}: ${Object.values(withheld)[0]}`, keyResults: shownProgress } };
}
