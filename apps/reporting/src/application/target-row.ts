import { BoundValues, IndividualTargetState, OrganizationState, targetAttainment } from '@okr/goals-domain';
import { ValuedAt } from '../history/goal-histories';
import type { TargetRow } from './unit-report';

/** One person's quota as a dashboard row: the same figures wherever a row is shown (dashboards, quota analytics). */
export function targetRowOf(targetId: string, unitId: string, target: ValuedAt<IndividualTargetState>, org: OrganizationState, values: BoundValues): TargetRow {
  const { personId, metric, unit, originalTarget, currentTarget, latestCheckIn } = target.state;
  const attainment = targetAttainment(target.state, values.value(target.state, { kind: 'target', id: targetId }));
  return {
    targetId,
    personId,
    personName: org.people[personId]?.name ?? personId,
    unitId,
    metric,
    unit,
    originalTarget,
    currentTarget,
    value: attainment.value,
    attainment: attainment.againstCurrent,
    againstOriginal: attainment.againstOriginal,
    confidence: latestCheckIn?.confidence ?? null,
    source: target.source,
  };
}
