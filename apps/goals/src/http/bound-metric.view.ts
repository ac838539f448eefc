import { BoundMetric } from '@okr/goals-domain';

/** A bound goal as shown: its binding and how many proposals wait, not its records. */
export function withoutRecords<G extends { boundMetric?: BoundMetric }>(goal: G) {
  if (!goal.boundMetric) return goal;
  const { binding, proposals } = goal.boundMetric;
  return { ...goal, boundMetric: { binding, pendingProposals: Object.keys(proposals).length } };
}
