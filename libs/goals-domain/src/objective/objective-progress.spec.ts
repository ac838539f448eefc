import { checkInValue, foldEvents, ObjectiveEvent } from '@okr/goals-domain';
import { objectiveDecider } from './objective.decider';
import { objectiveProgress } from './objective-progress';

const times = { effectiveAt: '2027-01-05T00:00:00.000Z', recordedAt: '2027-01-05T00:00:00.000Z' };
const defined: ObjectiveEvent = {
  type: 'ObjectiveDefined',
  data: { objectiveId: 'o', cycleId: 'q1', title: 'Grow', owner: { type: 'team', id: 't' }, commitment: 'committed', warnings: [] },
};
const metric = (keyResultId: string, weight: number, start: number, target: number, direction: 'increase' | 'decrease' | 'stay-above' | 'stay-below'): ObjectiveEvent => ({
  type: 'KeyResultAdded',
  data: { keyResultId, title: keyResultId, weight, definition: { kind: 'metric', start, target, unit: 'x', direction } },
});
const value = (keyResultId: string, v: number): ObjectiveEvent => ({ type: 'KeyResultCheckInRecorded', data: { keyResultId, value: v, confidence: 'on-track' } });
const progressAfter = (...events: ObjectiveEvent[]) => objectiveProgress(foldEvents(objectiveDecider, [defined, ...events].map((e) => ({ ...e, metadata: times }))), checkInValue);

describe('objective progress: Σ(weight × progress) / Σ weight', () => {
  it('is 0 without key results', () => expect(progressAfter().objective).toBe(0));
  it('is 0 when every weight is 0', () => expect(progressAfter(metric('a', 0, 0, 10, 'increase'), value('a', 10)).objective).toBe(0));
  it('weighs each direction’s progress', () => {
    const progress = progressAfter(
      metric('up', 2, 0, 100, 'increase'), // 25 → 0.25
      metric('down', 1, 10, 0, 'decrease'), // 5 → 0.5
      metric('above', 1, 0, 40, 'stay-above'), // 41 → 1
      metric('below', 4, 0, 5, 'stay-below'), // 6 → 0
      value('up', 25),
      value('down', 5),
      value('above', 41),
      value('below', 6),
    );
    expect(progress.keyResults).toEqual({ up: 0.25, down: 0.5, above: 1, below: 0 });
    expect(progress.objective).toBeCloseTo((2 * 0.25 + 1 * 0.5 + 1 * 1 + 4 * 0) / 8);
  });
  it('counts a key result without a check-in as 0, stay-above and stay-below included', () => {
    const progress = progressAfter(metric('above', 1, 0, 40, 'stay-above'), metric('below', 1, 0, 5, 'stay-below'));
    expect(progress).toEqual({ objective: 0, keyResults: { above: 0, below: 0 } });
  });
  it('leaves removed key results out', () =>
    expect(progressAfter(metric('a', 1, 0, 10, 'increase'), metric('b', 1, 0, 10, 'increase'), value('a', 10), { type: 'KeyResultRemoved', data: { keyResultId: 'b', title: 'b' } }).objective).toBe(1));
  it('uses the weight as changed', () =>
    expect(
      progressAfter(metric('a', 1, 0, 10, 'increase'), metric('b', 1, 0, 10, 'increase'), value('a', 10), { type: 'KeyResultWeightChanged', data: { keyResultId: 'b', weight: 3, previousWeight: 1 } }).objective,
    ).toBeCloseTo(0.25));
});
