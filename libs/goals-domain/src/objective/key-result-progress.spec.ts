import { CheckIn, holdingCheckIn } from '../shared/check-in';
import { keyResultProgress } from './key-result-progress';
import { KeyResult, MetricDefinition } from './objective.state';

const checkIns = (...values: number[]) => ({
  latestCheckIn: values.map((value, i) => ({ value, confidence: 'on-track', effectiveAt: `2027-01-0${i + 1}T00:00:00.000Z`, recordedAt: `2027-01-0${i + 1}T00:00:00.000Z` }) as CheckIn).reduce<CheckIn | null>(holdingCheckIn, null),
  checkInCount: values.length,
  addedEffectiveAt: '2027-01-01T00:00:00.000Z',
});
const metric = (definition: Omit<MetricDefinition, 'kind' | 'unit'>, ...values: number[]): KeyResult => ({
  kind: 'metric',
  unit: 'x',
  ...definition,
  id: 'k',
  title: 'K',
  weight: 1,
  ...checkIns(...values),
});

describe('key result progress', () => {
  it('is 0 before any check-in', () => expect(keyResultProgress(metric({ start: 0, target: 10, direction: 'increase' }))).toBe(0));
  it('increase: share of the way from start to target, clamped', () => {
    expect(keyResultProgress(metric({ start: 20, target: 120, direction: 'increase' }, 70))).toBeCloseTo(0.5);
    expect(keyResultProgress(metric({ start: 20, target: 120, direction: 'increase' }, 500))).toBe(1);
    expect(keyResultProgress(metric({ start: 20, target: 120, direction: 'increase' }, 0))).toBe(0);
  });
  it('decrease: share of the way down from start to target, clamped', () => {
    expect(keyResultProgress(metric({ start: 10, target: 2, direction: 'decrease' }, 4))).toBeCloseTo(0.75);
    expect(keyResultProgress(metric({ start: 10, target: 2, direction: 'decrease' }, 1))).toBe(1);
  });
  it('stay-above: 1 while at or above the target, else 0', () => {
    expect(keyResultProgress(metric({ start: 0, target: 40, direction: 'stay-above' }, 40))).toBe(1);
    expect(keyResultProgress(metric({ start: 0, target: 40, direction: 'stay-above' }, 39.9))).toBe(0);
  });
  it('stay-below: 1 while at or below the target, else 0', () => {
    expect(keyResultProgress(metric({ start: 0, target: 5, direction: 'stay-below' }, 5))).toBe(1);
    expect(keyResultProgress(metric({ start: 0, target: 5, direction: 'stay-below' }, 6))).toBe(0);
  });
  it('milestone: 1 when done', () => {
    const milestone = (...values: number[]): KeyResult => ({ kind: 'milestone', id: 'm', title: 'M', weight: 1, ...checkIns(...values) });
    expect(keyResultProgress(milestone(0))).toBe(0);
    expect(keyResultProgress(milestone(0, 1))).toBe(1);
  });
});
