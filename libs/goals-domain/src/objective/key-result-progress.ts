import { KeyResult } from './objective.state';

/**
 * Progress of a key result from 0 to 1, from its value (goalValue: its metric's reading while
 * bound, else its holding check-in):
 * - increase: (value - start) / (target - start); decrease: (start - value) / (start - target); both clamped to [0, 1];
 * - stay-above: 1 while value >= target, else 0; stay-below: 1 while value <= target, else 0;
 * - milestone: 1 when reported done (1), else 0;
 * - no value yet: 0.
 */
export function keyResultProgress(keyResult: KeyResult, value: number | null): number {
  if (value === null) return 0;
  if (keyResult.kind === 'milestone') return value >= 1 ? 1 : 0;
  const { start, target, direction } = keyResult;
  switch (direction) {
    case 'increase':
      return clamp((value - start) / (target - start));
    case 'decrease':
      return clamp((start - value) / (start - target));
    case 'stay-above':
      return value >= target ? 1 : 0;
    case 'stay-below':
      return value <= target ? 1 : 0;
  }
}

function clamp(ratio: number): number {
  return Math.min(1, Math.max(0, ratio));
}
