import { IndividualTargetState } from './individual-target.state';

export interface TargetAttainment {
  value: number;
  /** value / the target first set. */
  againstOriginal: number;
  /** value / the target after revisions. */
  againstCurrent: number;
}

/** Attainment as ratios (1 = target met) of the target's value (goalValue); no value yet counts as 0. */
export function targetAttainment(state: IndividualTargetState, goalValue: number | null): TargetAttainment {
  const value = goalValue ?? 0;
  // Targets are always above 0 once set; the guard only keeps an undefined target from giving NaN.
  const ratio = (target: number) => (target > 0 ? value / target : 0);
  return { value, againstOriginal: ratio(state.originalTarget), againstCurrent: ratio(state.currentTarget) };
}
