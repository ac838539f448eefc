import { CheckIn } from '../shared/check-in';
import { BindingPeriod } from '../metric-binding/binding-periods';

export type KpiDirection = 'increase' | 'decrease' | 'stay-above' | 'stay-below' | 'within-band';

/** What healthy means: a target to reach or hold, or a band to stay within. */
export type KpiGoal = { direction: Exclude<KpiDirection, 'within-band'>; target: number } | { direction: 'within-band'; band: { min: number; max: number } };

export interface KpiState {
  status: 'undefined' | 'active' | 'archived';
  id: string;
  unitId: string;
  name: string;
  unit: string;
  goal: KpiGoal;
  latestCheckIn: CheckIn | null;
  /** Its metric bindings in valid-time order: while one is in force, its value comes from the metric's facts, not check-ins. */
  bindings: BindingPeriod[];
  checkInCount: number;
  definedEffectiveAt: string;
}
