import { checkInValue, foldEvents, InvalidInputError, ObjectiveEvent } from '@okr/goals-domain';
import { objectiveDecider } from './objective.decider';
import { scoreObjective, scoringRules } from './scoring-rules';

const times = { effectiveAt: '2027-01-05T00:00:00.000Z', recordedAt: '2027-01-05T00:00:00.000Z' };
const events: ObjectiveEvent[] = [
  { type: 'ObjectiveDefined', data: { objectiveId: 'o', cycleId: 'q1', title: 'Grow', owner: { type: 'team', id: 't' }, commitment: 'committed', warnings: [] } },
  { type: 'KeyResultAdded', data: { keyResultId: 'a', title: 'A', weight: 1, definition: { kind: 'metric', start: 0, target: 3, unit: 'deals', direction: 'increase' } } },
  { type: 'KeyResultAdded', data: { keyResultId: 'b', title: 'B', weight: 2, definition: { kind: 'milestone' } } },
  { type: 'KeyResultCheckInRecorded', data: { keyResultId: 'a', value: 2, confidence: 'at-risk' } },
];
const objective = foldEvents(objectiveDecider, events.map((e) => ({ ...e, metadata: times })));

describe('scoring', () => {
  it('linear-v1 scores each key result and the objective as progress rounded to two decimals', () =>
    expect(scoreObjective(objective, checkInValue, 'linear-v1')).toEqual({
      objectiveId: 'o',
      score: 0.22, // (1 × 0.667 + 2 × 0) / 3
      keyResults: [
        { keyResultId: 'a', score: 0.67 },
        { keyResultId: 'b', score: 0 },
      ],
    }));
  it('uses linear-v1 by default', () => expect(scoreObjective(objective, checkInValue)).toEqual(scoreObjective(objective, checkInValue, 'linear-v1')));
  it('refuses a rule it does not know', () => expect(() => scoreObjective(objective, checkInValue, 'linear-v0')).toThrow(InvalidInputError));
  it('keeps its rules in a registry by version', () => expect(Object.keys(scoringRules)).toEqual(['linear-v1', 'stepped-v1']));
});

/** Given an objective whose key results stand at these check-ins, when it is scored under stepped-v1, then... */
describe('stepped-v1 scoring', () => {
  const objectiveWith = (checkIns: [string, number, number][]) =>
    foldEvents(
      objectiveDecider,
      [
        events[0],
        ...checkIns.flatMap(([id, weight, value]): ObjectiveEvent[] => [
          { type: 'KeyResultAdded', data: { keyResultId: id, title: id, weight, definition: { kind: 'metric', start: 0, target: 100, unit: '%', direction: 'increase' } } },
          { type: 'KeyResultCheckInRecorded', data: { keyResultId: id, value, confidence: 'on-track' } },
        ]),
      ].map((e) => ({ ...e, metadata: times })),
    );
  const stepped = (value: number) => scoreObjective(objectiveWith([['k', 1, value]]), checkInValue, 'stepped-v1').keyResults[0].score;

  it.each([
    [0, 0],
    [29.99, 0],
    [30, 0.3],
    [69.99, 0.3],
    [70, 0.7],
    [99.99, 0.7],
    [100, 1],
    [150, 1],
  ])('a key result at %p %% progress scores %p: the band it reached, never a fraction of it', (value, score) => expect(stepped(value)).toBe(score));

  it('scores the objective as the weighted mean of its stepped key results, rounded to two decimals', () =>
    expect(scoreObjective(objectiveWith([['a', 1, 65], ['b', 2, 75]]), checkInValue, 'stepped-v1')).toEqual({
      objectiveId: 'o',
      score: 0.57, // (1 × 0.3 + 2 × 0.7) / 3 = 0.5667; linear-v1 would give 0.72
      keyResults: [
        { keyResultId: 'a', score: 0.3 },
        { keyResultId: 'b', score: 0.7 },
      ],
    }));

  it('scores an objective without key results 0', () => expect(scoreObjective(objectiveWith([]), checkInValue, 'stepped-v1')).toEqual({ objectiveId: 'o', score: 0, keyResults: [] }));

  it('leaves linear-v1 as it was: a rule version is never edited', () => expect(scoreObjective(objectiveWith([['a', 1, 65], ['b', 2, 75]]), checkInValue, 'linear-v1').score).toBe(0.72));
});
