import { CheckIn } from '../shared/check-in';
import { BoundMetric } from '../metric-binding/metric-contribution';

export interface TargetRevision {
  from: number;
  to: number;
  reason: string;
  effectiveAt: string;
}

/** A quota: one person's number inside one unit for one cycle. Private by default. */
export interface IndividualTargetState {
  status: 'undefined' | 'active';
  id: string;
  personId: string;
  unitId: string;
  cycleId: string;
  metric: string;
  unit: string;
  /** Both are kept so attainment can be judged against either. */
  originalTarget: number;
  currentTarget: number;
  revisions: TargetRevision[];
  visibility: 'private';
  latestCheckIn: CheckIn | null;
  /** Set once bound to its metric: its value then comes from the person's data points, not check-ins. */
  boundMetric?: BoundMetric;
  checkInCount: number;
  definedEffectiveAt: string;
}
