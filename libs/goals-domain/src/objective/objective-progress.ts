import { keyResultProgress } from './key-result-progress';
import { KeyResult, ObjectiveState } from './objective.state';

export interface ObjectiveProgress {
  /** Σ(weight × progress) / Σ weight over the current key results; 0 without key results or weight. */
  objective: number;
  keyResults: Record<string, number>;
}

/** `valueOf`: each key result's value (goalValue, at the instants read). */
export function objectiveProgress(state: ObjectiveState, valueOf: (keyResult: KeyResult) => number | null): ObjectiveProgress {
  const keyResults: Record<string, number> = {};
  let weighted = 0;
  let totalWeight = 0;
  for (const keyResult of Object.values(state.keyResults)) {
    const progress = keyResultProgress(keyResult, valueOf(keyResult));
    keyResults[keyResult.id] = progress;
    weighted += keyResult.weight * progress;
    totalWeight += keyResult.weight;
  }
  return { objective: totalWeight > 0 ? weighted / totalWeight : 0, keyResults };
}
