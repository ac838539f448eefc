import { MetricBinding } from '@okr/goals-domain';

/** A goal that can be bound to a metric: a key result of an objective, a KPI, an individual target. */
export type BoundGoalRef = { kind: 'objective'; id: string; keyResultId: string } | { kind: 'kpi'; id: string } | { kind: 'target'; id: string };

export interface IndexedBinding {
  goal: BoundGoalRef;
  binding: MetricBinding;
}

export function boundGoalKey(goal: BoundGoalRef): string {
  return goal.kind === 'objective' ? `objective:${goal.id}:${goal.keyResultId}` : `${goal.kind}:${goal.id}`;
}
