import { CycleState } from '@okr/goals-domain';

const DAY_MS = 86_400_000;

/** A cycle runs from the start of its first day to the end of its last (UTC), in epoch milliseconds. */
export function cycleWindow(cycle: Pick<CycleState, 'startsOn' | 'endsOn'>): { start: number; end: number } {
  return { start: Date.parse(`${cycle.startsOn}T00:00:00Z`), end: Date.parse(`${cycle.endsOn}T00:00:00Z`) + DAY_MS - 1 };
}

/** How much of the cycle has passed at an instant, from 0 to 1. */
export function elapsedShare(cycle: Pick<CycleState, 'startsOn' | 'endsOn'>, instant: number): number {
  const { start, end } = cycleWindow(cycle);
  return Math.min(1, Math.max(0, (instant - start) / (end - start)));
}
