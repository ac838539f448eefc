import { foldEvents, InvalidInputError, ObjectiveEvent } from '@okr/goals-domain';
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
    expect(scoreObjective(objective, 'linear-v1')).toEqual({
      objectiveId: 'o',
      score: 0.22, // (1 × 0.667 + 2 × 0) / 3
      keyResults: [
        { keyResultId: 'a', score: 0.67 },
        { keyResultId: 'b', score: 0 },
      ],
    }));
  it('uses linear-v1 by default', () => expect(scoreObjective(objective)).toEqual(scoreObjective(objective, 'linear-v1')));
  it('refuses a rule it does not know', () => expect(() => scoreObjective(objective, 'linear-v0')).toThrow(InvalidInputError));
  it('keeps its rules in a registry by version', () => expect(scoringRules['linear-v1'].version).toBe('linear-v1'));
});
