import { CheckIn } from '../shared/check-in';
import { BoundMetric } from '../metric-binding/metric-contribution';

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
  /** Set once bound to a metric: its value then comes from data points, not check-ins. */
  boundMetric?: BoundMetric;
  checkInCount: number;
  definedEffectiveAt: string;
}
