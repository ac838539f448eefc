import { goalValue, objectiveProgress, ObjectiveState, ValueInstants } from '@okr/goals-domain';
import { withoutRecords } from '../../http/bound-metric.view';

/**
 * An objective as readers want it: each key result with its current value (from its metric, read
 * at `at`, when bound) and confidence, and the roll-up. A bound key result's records stay out: they
 * are people's private contributions, shown by the lineage endpoint to those who may see them.
 */
export function objectiveView(state: ObjectiveState, at?: ValueInstants) {
  const keyResults = Object.fromEntries(
    Object.entries(state.keyResults).map(([id, keyResult]) => [
      id,
      { ...withoutRecords(keyResult), currentValue: goalValue(keyResult, at), confidence: keyResult.latestCheckIn?.confidence ?? null },
    ]),
  );
  return { state: { ...state, keyResults }, progress: objectiveProgress(state, at) };
}

