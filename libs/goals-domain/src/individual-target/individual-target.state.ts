import { CheckIn } from '../shared/check-in';
import { BindingPeriod } from '../metric-binding/binding-periods';

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
  /** Bindings to its metric in valid-time order: while one is in force, the person's facts give its value, not check-ins. */
  bindings: BindingPeriod[];
  checkInCount: number;
  definedEffectiveAt: string;
}
