import { IndividualTargetState } from './individual-target.state';

export interface TargetAttainment {
  value: number;
  /** value / the target first set. */
  againstOriginal: number;
  /** value / the target after revisions. */
  againstCurrent: number;
}

export function targetAttainment(state: IndividualTargetState): TargetAttainment {
  const value = state.latestCheckIn?.value ?? 0;
  return { value, againstOriginal: value / state.originalTarget, againstCurrent: value / state.currentTarget };
}
