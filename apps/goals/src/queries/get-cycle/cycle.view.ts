import { BoundValues, BoundValueDisclosure, canSeeIndividualTarget, CycleState, CycleGoalRef, FrozenValue, ObjectiveState, OrganizationState, IndividualTargetState, Viewer } from '@okr/goals-domain';

/** What a viewer may know of the goals a cycle froze and scored. */
export interface CycleGoals {
  objective(id: string): ObjectiveState | undefined;
  target(id: string): IndividualTargetState | undefined;
}

type Withheld = Extract<BoundValueDisclosure, { withheld: true }>;

/**
 * A closed cycle as a viewer may see it: a target's frozen value only for who may see the target
 * (anyone else is not told it exists), and a key result's frozen value and score only when its
 * value is disclosed to the viewer (the score is its value scaled); an objective's score is
 * withheld when one of its key results' is. Admins see the whole state.
 */
export function cycleView(cycle: CycleState, goals: CycleGoals, values: BoundValues, orgNow: OrganizationState, viewer: Viewer) {
  if (viewer.isAdmin) return { state: cycle };
  const withheldKeyResult = new Map<string, Withheld>();
  const disclosureOf = (objectiveId: string, keyResultId: string): BoundValueDisclosure => {
    const keyResult = goals.objective(objectiveId)?.keyResults[keyResultId];
    return keyResult ? values.disclosure(keyResult, { kind: 'objective', id: objectiveId, keyResultId }, orgNow, viewer) : { withheld: false };
  };
  const frozen: Record<string, FrozenValue | (Omit<FrozenValue, 'value'> & Withheld)> = {};
  for (const [key, entry] of Object.entries(cycle.frozen)) {
    const goal: CycleGoalRef = entry.goal;
    if (goal.kind === 'target') {
      const target = goals.target(goal.id);
      if (target && canSeeIndividualTarget(orgNow, viewer, target)) frozen[key] = entry;
      continue;
    }
    const disclosure = disclosureOf(goal.id, goal.keyResultId);
    if (disclosure.withheld) {
      withheldKeyResult.set(`${goal.id}/${goal.keyResultId}`, disclosure);
      const { value: _value, ...rest } = entry;
      frozen[key] = { ...rest, ...disclosure };
    } else frozen[key] = entry;
  }
  const scores = cycle.scores.map((objective) => {
    const keyResults = objective.keyResults.map((kr) => {
      const withheld = withheldKeyResult.get(`${objective.objectiveId}/${kr.keyResultId}`) ?? disclosureOf(objective.objectiveId, kr.keyResultId);
      return withheld.withheld ? { keyResultId: kr.keyResultId, ...withheld } : kr;
    });
    const anyWithheld = keyResults.find((kr) => 'withheld' in kr && kr.withheld);
    return anyWithheld ? { objectiveId: objective.objectiveId, withheld: true, reason: 'withheld: the score of one of its key results is withheld from you', keyResults } : { ...objective, keyResults };
  });
  return { state: { ...cycle, frozen, scores } };
}
