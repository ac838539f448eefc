/** A goal that can be bound to a metric: a key result of an objective, a KPI, an individual target. */
export type BoundGoalRef = { kind: 'objective'; id: string; keyResultId: string } | { kind: 'kpi'; id: string } | { kind: 'target'; id: string };

/** A bound goal that belongs to a cycle, whose value is frozen when the cycle closes (a KPI has no cycle). */
export type CycleGoalRef = Exclude<BoundGoalRef, { kind: 'kpi' }>;

export function boundGoalKey(goal: BoundGoalRef): string {
  return goal.kind === 'objective' ? `objective:${goal.id}:${goal.keyResultId}` : `${goal.kind}:${goal.id}`;
}

export function describeGoal(goal: BoundGoalRef): string {
  return goal.kind === 'objective' ? `key result ${goal.keyResultId} of objective ${goal.id}` : `${goal.kind === 'kpi' ? 'KPI' : 'target'} ${goal.id}`;
}
