import { latestCheckIn, objectiveProgress, ObjectiveState } from '@okr/goals-domain';

/** An objective as readers want it: each key result with its current value and confidence, and the roll-up. */
export function objectiveView(state: ObjectiveState) {
  const keyResults = Object.fromEntries(
    Object.entries(state.keyResults).map(([id, keyResult]) => {
      const latest = latestCheckIn(keyResult.checkIns);
      return [id, { ...keyResult, currentValue: latest?.value ?? null, confidence: latest?.confidence ?? null }];
    }),
  );
  return { state: { ...state, keyResults }, progress: objectiveProgress(state) };
}
