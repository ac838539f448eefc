import { CycleState } from '@okr/goals-domain';
import { cycleWindow } from './cycle-window';

/**
 * A quota revised in the last third of its cycle is a late revision: by then most of the result is
 * known, so changing the number mostly rewrites the outcome rather than the plan.
 */
export const LATE_REVISION_SHARE = 1 / 3;

export const LATE_REVISION_RULE = `a revision effective in the last third of its cycle (from ${Math.round((1 - LATE_REVISION_SHARE) * 100)} % of the cycle elapsed) is late`;

/** The first instant (epoch ms) at which a revision of the cycle's quotas counts as late. */
export function lateRevisionsFrom(cycle: Pick<CycleState, 'startsOn' | 'endsOn'>): number {
  const { start, end } = cycleWindow(cycle);
  return start + Math.ceil((1 - LATE_REVISION_SHARE) * (end - start));
}

export const isLateRevision = (cycle: Pick<CycleState, 'startsOn' | 'endsOn'>, effectiveAt: number): boolean => effectiveAt >= lateRevisionsFrom(cycle);
