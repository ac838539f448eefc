import { AlreadyExistsError, foldEvents, InvalidInputError, NotFoundError, ObjectiveEvent, RuleViolationError } from '@okr/goals-domain';
import { at, DeciderSpecification } from '@okr/testing';
import { objectiveDecider } from './objective.decider';
import { objectiveProgress } from './objective-progress';
import { scoringRules } from './scoring-rules';

const spec = DeciderSpecification.for(objectiveDecider);
const now = '2027-02-01T09:00:00.000Z';
const context = at(now);
const open = { cycleStatus: 'open' as const };

const defined: ObjectiveEvent = {
  type: 'ObjectiveDefined',
  data: { objectiveId: 'emea', cycleId: 'q1', title: 'Win EMEA', owner: { type: 'team', id: 'emea' }, commitment: 'committed', warnings: [] },
};
const definedOnJan5 = { ...defined, metadata: { effectiveAt: '2027-01-05T00:00:00.000Z', recordedAt: '2027-01-05T00:00:00.000Z' } };
const arr: ObjectiveEvent = {
  type: 'KeyResultAdded',
  data: { keyResultId: 'arr', title: 'New ARR', weight: 3, definition: { kind: 'metric', start: 0, target: 100, unit: 'kEUR', direction: 'increase' } },
};
const launch: ObjectiveEvent = { type: 'KeyResultAdded', data: { keyResultId: 'launch', title: 'Launch', weight: 1, definition: { kind: 'milestone' } } };
const checkIn = (value: number, effectiveAt: string, recordedAt = effectiveAt, keyResultId = 'arr') => ({
  type: 'KeyResultCheckInRecorded' as const,
  data: { keyResultId, value, confidence: 'on-track' as const },
  metadata: { effectiveAt, recordedAt },
});

describe('objective', () => {
  describe('defining', () => {
    const define = (owner: { type: 'team' | 'person'; id: string }, policy: 'refuse' | 'warn', cycleStatus: 'open' | 'closed' = 'open') => ({
      type: 'DefineObjective' as const,
      data: { objectiveId: 'emea', cycleId: 'q1', title: 'Win EMEA', owner, commitment: 'committed' as const, individualObjectivesPolicy: policy, cycleStatus },
      context,
    });
    it('defines a team objective', () => spec.given([]).when(define({ type: 'team', id: 'emea' }, 'refuse')).then([defined]));
    it('refuses an objective owned by a person by default', () =>
      spec.given([]).when(define({ type: 'person', id: 'rita' }, 'refuse')).thenThrows(RuleViolationError, /belong to teams/, 'owner'));
    it('records a person-owned objective with a warning when the policy says warn', () =>
      spec.given([]).when(define({ type: 'person', id: 'rita' }, 'warn')).then([
        { type: 'ObjectiveDefined', data: { ...defined.data, owner: { type: 'person', id: 'rita' }, warnings: ['individual-objective'] } },
      ]));
    it('refuses a new objective in a closed cycle', () =>
      spec.given([]).when(define({ type: 'team', id: 'emea' }, 'refuse', 'closed')).thenThrows(RuleViolationError, /closed/));
    it('refuses defining twice', () => spec.given([defined]).when(define({ type: 'team', id: 'emea' }, 'refuse')).thenThrows(AlreadyExistsError));
    it('may be backdated (to the cycle start) but not future-dated', () =>
      spec.given([]).when({ ...define({ type: 'team', id: 'emea' }, 'refuse'), context: at(now, '2027-03-01T00:00:00.000Z') }).thenThrows(InvalidInputError, /future/, 'effectiveAt'));
  });

  describe('key results', () => {
    it('adds a metric key result', () =>
      spec.given([defined]).when({ type: 'AddKeyResult', data: { ...open, keyResultId: 'arr', title: 'New ARR', kind: 'metric', start: 0, target: 100, unit: 'kEUR', direction: 'increase', weight: 3 }, context }).then([arr]));
    it('adds a milestone with weight 1 by default', () =>
      spec.given([defined]).when({ type: 'AddKeyResult', data: { ...open, keyResultId: 'launch', title: 'Launch', kind: 'milestone' }, context }).then([launch]));
    it('refuses an increasing key result whose target is not above its start', () =>
      spec.given([defined]).when({ type: 'AddKeyResult', data: { ...open, keyResultId: 'k', title: 'K', kind: 'metric', start: 10, target: 10, unit: 'x', direction: 'increase' }, context }).thenThrows(InvalidInputError, /above its start/, 'target'));
    it('refuses a decreasing key result whose target is not below its start', () =>
      spec.given([defined]).when({ type: 'AddKeyResult', data: { ...open, keyResultId: 'k', title: 'K', kind: 'metric', start: 10, target: 20, unit: 'x', direction: 'decrease' }, context }).thenThrows(InvalidInputError, /below its start/, 'target'));
    it('refuses a negative weight', () =>
      spec.given([defined]).when({ type: 'AddKeyResult', data: { ...open, keyResultId: 'k', title: 'K', kind: 'milestone', weight: -1 }, context }).thenThrows(InvalidInputError, /weight/, 'weight'));
    it('refuses a key result id in use', () =>
      spec.given([defined, arr]).when({ type: 'AddKeyResult', data: { ...open, keyResultId: 'arr', title: 'K', kind: 'milestone' }, context }).thenThrows(AlreadyExistsError));
    it('changes a weight, keeping the previous one', () =>
      spec.given([defined, arr]).when({ type: 'ChangeKeyResultWeight', data: { ...open, keyResultId: 'arr', weight: 2 }, context }).then([
        { type: 'KeyResultWeightChanged', data: { keyResultId: 'arr', weight: 2, previousWeight: 3 } },
      ]));
    it('removes a key result', () =>
      spec.given([defined, arr]).when({ type: 'RemoveKeyResult', data: { ...open, keyResultId: 'arr' }, context }).then([{ type: 'KeyResultRemoved', data: { keyResultId: 'arr' } }]));
    it('refuses a key result that does not exist', () =>
      spec.given([defined]).when({ type: 'RemoveKeyResult', data: { ...open, keyResultId: 'nope' }, context }).thenThrows(NotFoundError, /nope/, 'keyResultId'));
    it('refuses commands on an objective that does not exist', () =>
      spec.given([]).when({ type: 'RemoveKeyResult', data: { ...open, keyResultId: 'arr' }, context }).thenThrows(NotFoundError));
  });

  describe('alignment', () => {
    it('aligns to more than one parent', () =>
      spec
        .given([defined, { type: 'ObjectiveAligned', data: { parentObjectiveId: 'grow' } }])
        .when({ type: 'AlignToParent', data: { ...open, parentObjectiveId: 'retain', parentAncestorIds: [] }, context })
        .then([{ type: 'ObjectiveAligned', data: { parentObjectiveId: 'retain' } }]));
    it('refuses aligning to itself', () =>
      spec.given([defined]).when({ type: 'AlignToParent', data: { ...open, parentObjectiveId: 'emea', parentAncestorIds: [] }, context }).thenThrows(RuleViolationError, /loop/));
    it('refuses a loop through the parent’s own parents', () =>
      spec.given([defined]).when({ type: 'AlignToParent', data: { ...open, parentObjectiveId: 'child', parentAncestorIds: ['x', 'emea'] }, context }).thenThrows(RuleViolationError, /loop/));
    it('refuses aligning twice to the same parent', () =>
      spec
        .given([defined, { type: 'ObjectiveAligned', data: { parentObjectiveId: 'grow' } }])
        .when({ type: 'AlignToParent', data: { ...open, parentObjectiveId: 'grow', parentAncestorIds: [] }, context })
        .thenThrows(AlreadyExistsError));
    it('removes an alignment, and refuses removing one that does not exist', () => {
      spec
        .given([defined, { type: 'ObjectiveAligned', data: { parentObjectiveId: 'grow' } }])
        .when({ type: 'RemoveAlignment', data: { ...open, parentObjectiveId: 'grow' }, context })
        .then([{ type: 'AlignmentRemoved', data: { parentObjectiveId: 'grow' } }]);
      spec.given([defined]).when({ type: 'RemoveAlignment', data: { ...open, parentObjectiveId: 'grow' }, context }).thenThrows(NotFoundError);
    });
  });

  describe('check-ins', () => {
    const record = (value: number, effectiveAt = now, cycleStatus: 'open' | 'closed' = 'open') => ({
      type: 'RecordKeyResultCheckIn' as const,
      data: { keyResultId: 'arr', value, confidence: 'at-risk' as const, note: 'slow month', cycleStatus },
      context: at(now, effectiveAt),
    });
    it('records a value, a confidence and a note', () =>
      spec.given([defined, arr]).when(record(40)).then([{ type: 'KeyResultCheckInRecorded', data: { keyResultId: 'arr', value: 40, confidence: 'at-risk', note: 'slow month' } }]));
    it('accepts a late check-in backdated within the goal’s life', () =>
      spec.given([definedOnJan5, arr]).when(record(40, '2027-01-20T00:00:00.000Z')).then([
        { type: 'KeyResultCheckInRecorded', data: { keyResultId: 'arr', value: 40, confidence: 'at-risk', note: 'slow month' } },
      ]));
    it('refuses a check-in effective before the objective existed', () =>
      spec.given([definedOnJan5, arr]).when(record(40, '2027-01-01T00:00:00.000Z')).thenThrows(InvalidInputError, /before the goal existed/, 'effectiveAt'));
    it('refuses a check-in effective in the future', () =>
      spec.given([defined, arr]).when(record(40, '2027-12-01T00:00:00.000Z')).thenThrows(InvalidInputError, /future/, 'effectiveAt'));
    it('refuses a milestone value other than 0 or 1', () =>
      spec
        .given([defined, launch])
        .when({ type: 'RecordKeyResultCheckIn', data: { ...open, keyResultId: 'launch', value: 0.5, confidence: 'on-track' }, context })
        .thenThrows(InvalidInputError, /milestone/, 'value'));
    it('refuses a check-in once the cycle is closed', () => spec.given([defined, arr]).when(record(40, now, 'closed')).thenThrows(RuleViolationError, /closed; record an amendment/));
    it('refuses changes to an archived objective', () =>
      spec.given([defined, arr, { type: 'ObjectiveArchived', data: { objectiveId: 'emea' } }]).when(record(40)).thenThrows(RuleViolationError, /archived/));
  });

  describe('amendments after close', () => {
    const amend = (reason: string, cycleStatus: 'open' | 'closed') => ({
      type: 'AmendKeyResultCheckIn' as const,
      data: { keyResultId: 'arr', value: 95, confidence: 'on-track' as const, reason, cycleStatus },
      context,
    });
    it('records an amendment with its reason and the value it corrects', () =>
      spec.given([defined, arr, checkIn(90, '2027-01-31T00:00:00.000Z')]).when(amend('credit note reversed', 'closed')).then([
        { type: 'KeyResultCheckInAmended', data: { keyResultId: 'arr', value: 95, confidence: 'on-track', reason: 'credit note reversed', previousValue: 90 } },
      ]));
    it('refuses an amendment without a reason', () => spec.given([defined, arr]).when(amend('  ', 'closed')).thenThrows(InvalidInputError, /reason/, 'reason'));
    it('refuses an amendment while the cycle is open', () => spec.given([defined, arr]).when(amend('x', 'open')).thenThrows(RuleViolationError, /still open/));
  });

  describe('value and progress', () => {
    const stateAfter = (...events: Parameters<typeof foldEvents<ObjectiveEvent, never>>[1]) => foldEvents(objectiveDecider, events);
    const base = [definedOnJan5, { ...arr, metadata: definedOnJan5.metadata }, { ...launch, metadata: definedOnJan5.metadata }];

    it('takes the latest check-in in valid time: a late, backdated report does not override a newer one', () => {
      const state = stateAfter(...base, checkIn(60, '2027-02-28T00:00:00.000Z'), checkIn(90, '2027-02-20T00:00:00.000Z', '2027-04-02T00:00:00.000Z'));
      expect(objectiveProgress(state).keyResults.arr).toBeCloseTo(0.6);
    });

    it('among check-ins effective at the same instant, takes the one recorded last', () => {
      const state = stateAfter(...base, checkIn(60, '2027-02-28T00:00:00.000Z'), checkIn(70, '2027-02-28T00:00:00.000Z', '2027-03-01T00:00:00.000Z'));
      expect(objectiveProgress(state).keyResults.arr).toBeCloseTo(0.7);
    });

    it('rolls key results up by weight: Σ(weight × progress) / Σ weight', () => {
      const state = stateAfter(...base, checkIn(90, '2027-03-01T00:00:00.000Z'), checkIn(1, '2027-03-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z', 'launch'));
      expect(objectiveProgress(state).objective).toBeCloseTo((3 * 0.9 + 1 * 1) / 4);
    });

    it('scores under linear-v1 as progress rounded to two decimals', () => {
      const state = stateAfter(...base, checkIn(66.6, '2027-03-01T00:00:00.000Z'));
      expect(scoringRules['linear-v1'].score(state)).toEqual({
        objectiveId: 'emea',
        score: 0.5,
        keyResults: [
          { keyResultId: 'arr', score: 0.67 },
          { keyResultId: 'launch', score: 0 },
        ],
      });
    });
  });
});
