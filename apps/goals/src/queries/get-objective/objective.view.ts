import { goalValue, goalValueDisclosure, objectiveProgress, ObjectiveState, OrganizationState, ValueInstants, Viewer } from '@okr/goals-domain';
import { withoutRecords } from '../../http/bound-metric.view';

/**
 * An objective as readers want it: each key result with its current value (from its metric, read
 * at `at`, when bound) and confidence, and the roll-up. A bound key result's records stay out: they
 * are people's private contributions, shown by the lineage endpoint to those who may see them.
 * A bound key result summing fewer than minGroupSize people the viewer may not all see has no
 * value or progress (goalValueDisclosure), and then neither has the objective's weighted progress,
 * which would give it away.
 */
export function objectiveView(state: ObjectiveState, at: ValueInstants | undefined, org: OrganizationState, viewer: Viewer) {
  const progress = objectiveProgress(state, at);
  const withheld: Record<string, string> = {};
  const keyResults = Object.fromEntries(
    Object.entries(state.keyResults).map(([id, keyResult]) => {
      const disclosure = goalValueDisclosure(keyResult, at, org, viewer, org.policy.minGroupSize);
      const shown = { ...withoutRecords(keyResult), confidence: keyResult.latestCheckIn?.confidence ?? null };
      if (!disclosure.withheld) return [id, { ...shown, currentValue: goalValue(keyResult, at) }];
      withheld[id] = disclosure.reason;
      return [id, { ...shown, withheld: true, reason: disclosure.reason }];
    }),
  );
  if (Object.keys(withheld).length === 0) return { state: { ...state, keyResults }, progress };
  const shownProgress = Object.fromEntries(Object.entries(progress.keyResults).filter(([id]) => !(id in withheld)));
  return { state: { ...state, keyResults }, progress: { withheld: true, reason: `key results ${Object.keys(withheld).join(', ')}: ${Object.values(withheld)[0]}`, keyResults: shownProgress } };
}
