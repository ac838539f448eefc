import { keyResultProgress } from './key-result-progress';
import { KeyResult, MetricDefinition } from './objective.state';

const common = { id: 'k', title: 'K', weight: 1, latestCheckIn: null, checkInCount: 0, addedEffectiveAt: '2027-01-01T00:00:00.000Z', bindings: [] };
const metric = (definition: Omit<MetricDefinition, 'kind' | 'unit'>): KeyResult => ({ kind: 'metric', unit: 'x', ...definition, ...common });

describe('key result progress', () => {
  it('is 0 without a value', () => expect(keyResultProgress(metric({ start: 0, target: 10, direction: 'increase' }), null)).toBe(0));
  it('increase: share of the way from start to target, clamped', () => {
    const kr = metric({ start: 20, target: 120, direction: 'increase' });
    expect(keyResultProgress(kr, 70)).toBeCloseTo(0.5);
    expect(keyResultProgress(kr, 500)).toBe(1);
    expect(keyResultProgress(kr, 0)).toBe(0);
  });
  it('decrease: share of the way down from start to target, clamped', () => {
    const kr = metric({ start: 10, target: 2, direction: 'decrease' });
    expect(keyResultProgress(kr, 4)).toBeCloseTo(0.75);
    expect(keyResultProgress(kr, 1)).toBe(1);
  });
  it('stay-above: 1 while at or above the target, else 0', () => {
    const kr = metric({ start: 0, target: 40, direction: 'stay-above' });
    expect(keyResultProgress(kr, 40)).toBe(1);
    expect(keyResultProgress(kr, 39.9)).toBe(0);
  });
  it('stay-below: 1 while at or below the target, else 0', () => {
    const kr = metric({ start: 0, target: 5, direction: 'stay-below' });
    expect(keyResultProgress(kr, 5)).toBe(1);
    expect(keyResultProgress(kr, 6)).toBe(0);
  });
  it('milestone: 1 when done', () => {
    const milestone: KeyResult = { kind: 'milestone', ...common };
    expect(keyResultProgress(milestone, 0)).toBe(0);
    expect(keyResultProgress(milestone, 1)).toBe(1);
  });
});
