import { objectiveProgress, ObjectiveState } from '@okr/goals-domain';

/** An objective as readers want it: each key result with its current value and confidence, and the roll-up. */
export function objectiveView(state: ObjectiveState) {
  const keyResults = Object.fromEntries(
    Object.entries(state.keyResults).map(([id, keyResult]) => [
      id,
      { ...keyResult, currentValue: keyResult.latestCheckIn?.value ?? null, confidence: keyResult.latestCheckIn?.confidence ?? null },
    ]),
  );
  return { state: { ...state, keyResults }, progress: objectiveProgress(state) };
}
