import { AlreadyExistsError, checkInValue, foldEvents, InvalidInputError, NotFoundError, ObjectiveEvent, RuleViolationError } from '@okr/goals-domain';
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
      spec.given([defined, arr]).when({ type: 'RemoveKeyResult', data: { ...open, keyResultId: 'arr' }, context }).then([{ type: 'KeyResultRemoved', data: { keyResultId: 'arr', title: 'New ARR' } }]));
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
      spec.given([definedOnJan5, { ...arr, metadata: definedOnJan5.metadata }]).when(record(40, '2027-01-01T00:00:00.000Z')).thenThrows(InvalidInputError, /before the goal existed/, 'effectiveAt'));
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
      expect(objectiveProgress(state, checkInValue).keyResults.arr).toBeCloseTo(0.6);
    });

    it('among check-ins effective at the same instant, takes the one recorded last', () => {
      const state = stateAfter(...base, checkIn(60, '2027-02-28T00:00:00.000Z'), checkIn(70, '2027-02-28T00:00:00.000Z', '2027-03-01T00:00:00.000Z'));
      expect(objectiveProgress(state, checkInValue).keyResults.arr).toBeCloseTo(0.7);
    });

    it('rolls key results up by weight: Σ(weight × progress) / Σ weight', () => {
      const state = stateAfter(...base, checkIn(90, '2027-03-01T00:00:00.000Z'), checkIn(1, '2027-03-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z', 'launch'));
      expect(objectiveProgress(state, checkInValue).objective).toBeCloseTo((3 * 0.9 + 1 * 1) / 4);
    });

    it('scores under linear-v1 as progress rounded to two decimals', () => {
      const state = stateAfter(...base, checkIn(66.6, '2027-03-01T00:00:00.000Z'));
      expect(scoringRules['linear-v1'].score(state, checkInValue)).toEqual({
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

describe('objective: further rules', () => {
  const closed = { cycleStatus: 'closed' as const };
  const archived: ObjectiveEvent = { type: 'ObjectiveArchived', data: { objectiveId: 'emea' } };

  it('archives an objective', () => spec.given([defined]).when({ type: 'ArchiveObjective', data: open, context }).then([archived]));
  it('refuses archiving twice', () => spec.given([defined, archived]).when({ type: 'ArchiveObjective', data: open, context }).thenThrows(RuleViolationError, /archived/));
  it('refuses an empty title', () =>
    spec
      .given([])
      .when({ type: 'DefineObjective', data: { objectiveId: 'o', cycleId: 'q1', title: ' ', owner: { type: 'team', id: 'emea' }, commitment: 'aspirational', individualObjectivesPolicy: 'refuse', ...open }, context })
      .thenThrows(InvalidInputError, /empty/, 'title'));
  it('keeps the description and the commitment', () =>
    spec
      .given([])
      .when({ type: 'DefineObjective', data: { objectiveId: 'o', cycleId: 'q1', title: 'Delight', description: 'Why it matters', owner: { type: 'company', id: 'acme' }, commitment: 'aspirational', individualObjectivesPolicy: 'refuse', ...open }, context })
      .then([{ type: 'ObjectiveDefined', data: { objectiveId: 'o', cycleId: 'q1', title: 'Delight', description: 'Why it matters', owner: { type: 'company', id: 'acme' }, commitment: 'aspirational', warnings: [] } }]));
  it('may be backdated to before it was recorded (a goal set at the cycle start, entered late)', () =>
    spec
      .given([])
      .when({ type: 'DefineObjective', data: { objectiveId: 'emea', cycleId: 'q1', title: 'Win EMEA', owner: { type: 'team', id: 'emea' }, commitment: 'committed', individualObjectivesPolicy: 'refuse', ...open }, context: at(now, '2027-01-01T00:00:00.000Z') })
      .then([defined]));

  it('adds a stay-above key result with any start', () =>
    spec.given([defined]).when({ type: 'AddKeyResult', data: { ...open, keyResultId: 'nps', title: 'NPS', kind: 'metric', start: 50, target: 40, unit: 'points', direction: 'stay-above' }, context }).then([
      { type: 'KeyResultAdded', data: { keyResultId: 'nps', title: 'NPS', weight: 1, definition: { kind: 'metric', start: 50, target: 40, unit: 'points', direction: 'stay-above' } } },
    ]));
  it('accepts a weight of 0', () =>
    spec.given([defined, arr]).when({ type: 'ChangeKeyResultWeight', data: { ...open, keyResultId: 'arr', weight: 0 }, context }).then([
      { type: 'KeyResultWeightChanged', data: { keyResultId: 'arr', weight: 0, previousWeight: 3 } },
    ]));
  it('refuses changing a weight to below 0', () =>
    spec.given([defined, arr]).when({ type: 'ChangeKeyResultWeight', data: { ...open, keyResultId: 'arr', weight: -0.5 }, context }).thenThrows(InvalidInputError, /weight/, 'weight'));
  it('changing a weight to the same value records nothing', () =>
    spec.given([defined, arr]).when({ type: 'ChangeKeyResultWeight', data: { ...open, keyResultId: 'arr', weight: 3 }, context }).thenNothing());
  it('refuses a check-in on a removed key result', () =>
    spec
      .given([defined, arr, { type: 'KeyResultRemoved', data: { keyResultId: 'arr', title: 'New ARR' } }])
      .when({ type: 'RecordKeyResultCheckIn', data: { ...open, keyResultId: 'arr', value: 1, confidence: 'on-track' }, context })
      .thenThrows(NotFoundError, /arr/, 'keyResultId'));
  it('refuses a backdated structural change: only check-ins, creations and new key results may be backdated', () =>
    spec.given([defined, arr]).when({ type: 'ChangeKeyResultWeight', data: { ...open, keyResultId: 'arr', weight: 2 }, context: at(now, '2027-01-20T00:00:00.000Z') }).thenThrows(InvalidInputError, /effectiveAt/, 'effectiveAt'));
  it('adds a key result dated back to the cycle start, but not before the objective existed', () => {
    const milestone = { type: 'AddKeyResult' as const, data: { ...open, keyResultId: 'launch', title: 'Launch', kind: 'milestone' as const } };
    spec.given([definedOnJan5]).when({ ...milestone, context: at(now, '2027-01-05T00:00:00.000Z') }).then([launch]);
    spec.given([definedOnJan5]).when({ ...milestone, context: at(now, '2027-01-01T00:00:00.000Z') }).thenThrows(InvalidInputError, /before the goal existed/, 'effectiveAt');
  });
  it('refuses a check-in effective before its key result was added', () =>
    spec
      .given([defined, { ...arr, metadata: { effectiveAt: '2027-01-25T00:00:00.000Z', recordedAt: '2027-01-25T00:00:00.000Z' } }])
      .when({ type: 'RecordKeyResultCheckIn', data: { ...open, keyResultId: 'arr', value: 1, confidence: 'on-track' }, context: at(now, '2027-01-20T00:00:00.000Z') })
      .thenThrows(InvalidInputError, /before the goal existed/, 'effectiveAt'));

  describe('once the cycle is closed, ordinary changes are refused', () => {
    it('adding a key result', () =>
      spec.given([defined]).when({ type: 'AddKeyResult', data: { ...closed, keyResultId: 'launch', title: 'Launch', kind: 'milestone' }, context }).thenThrows(RuleViolationError, /cycle is closed; record an amendment with a reason/));
    it('changing a weight', () =>
      spec.given([defined, arr]).when({ type: 'ChangeKeyResultWeight', data: { ...closed, keyResultId: 'arr', weight: 1 }, context }).thenThrows(RuleViolationError, /cycle is closed/));
    it('removing a key result', () =>
      spec.given([defined, arr]).when({ type: 'RemoveKeyResult', data: { ...closed, keyResultId: 'arr' }, context }).thenThrows(RuleViolationError, /cycle is closed/));
    it('aligning', () =>
      spec.given([defined]).when({ type: 'AlignToParent', data: { ...closed, parentObjectiveId: 'grow', parentAncestorIds: [] }, context }).thenThrows(RuleViolationError, /cycle is closed/));
    it('removing an alignment', () =>
      spec.given([defined, { type: 'ObjectiveAligned', data: { parentObjectiveId: 'grow' } }]).when({ type: 'RemoveAlignment', data: { ...closed, parentObjectiveId: 'grow' }, context }).thenThrows(RuleViolationError, /cycle is closed/));
    it('archiving', () => spec.given([defined]).when({ type: 'ArchiveObjective', data: closed, context }).thenThrows(RuleViolationError, /cycle is closed/));
  });

  describe('amendments', () => {
    const amend = { type: 'AmendKeyResultCheckIn' as const, data: { ...closed, keyResultId: 'arr', value: 95, confidence: 'on-track' as const, note: 'credit note', reason: 'recount' }, context };
    it('refuses an amendment of a key result that does not exist', () =>
      spec.given([defined]).when(amend).thenThrows(NotFoundError, /arr/, 'keyResultId'));
    it('refuses an amendment effective before the objective existed', () =>
      spec.given([definedOnJan5, { ...arr, metadata: definedOnJan5.metadata }]).when({ ...amend, context: at(now, '2027-01-01T00:00:00.000Z') }).thenThrows(InvalidInputError, /before the goal existed/, 'effectiveAt'));
    it('counts an amendment as the check-in that holds from its time', () => {
      const state = foldEvents(objectiveDecider, [
        definedOnJan5,
        { ...arr, metadata: definedOnJan5.metadata },
        checkIn(90, '2027-03-31T00:00:00.000Z'),
        { type: 'KeyResultCheckInAmended', data: { keyResultId: 'arr', value: 95, confidence: 'on-track', reason: 'recount', previousValue: 90 }, metadata: { effectiveAt: '2027-04-03T00:00:00.000Z', recordedAt: '2027-04-03T00:00:00.000Z' } },
      ]);
      expect(state.keyResults.arr.latestCheckIn).toMatchObject({ value: 95, amendmentReason: 'recount' });
      expect(objectiveProgress(state, checkInValue).objective).toBeCloseTo(0.95);
    });
  });

  describe('time travel', () => {
    const history = [
      definedOnJan5,
      { ...arr, metadata: definedOnJan5.metadata },
      checkIn(60, '2027-02-28T00:00:00.000Z'),
      // Reported on 2 April, true since 20 February: late and backdated.
      checkIn(90, '2027-02-20T00:00:00.000Z', '2027-04-02T00:00:00.000Z'),
    ];
    const asOf = (t: string) => history.filter((e) => e.metadata.effectiveAt <= t);
    const knownAt = (k: string) => history.filter((e) => e.metadata.recordedAt <= k);
    const valueOf = (events: typeof history) => foldEvents(objectiveDecider, events).keyResults.arr.latestCheckIn?.value ?? null;

    it('a late backdated check-in counts as of its own time', () => expect(valueOf(asOf('2027-02-25T00:00:00.000Z'))).toBe(90));
    it('but does not override a newer one', () => expect(valueOf(asOf('2027-03-31T00:00:00.000Z'))).toBe(60));
    it('and was not known before it was recorded', () => expect(valueOf(knownAt('2027-03-31T00:00:00.000Z').filter((e) => e.metadata.effectiveAt <= '2027-02-25T00:00:00.000Z'))).toBeNull());
    it('before any check-in the key result has no value', () => expect(valueOf(asOf('2027-02-01T00:00:00.000Z'))).toBeNull());
  });
});

describe('key result bound to a metric', () => {
  const q1Window = { kind: 'cycle' as const, from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };
  const teamScope = { type: 'unit' as const, unitId: 'emea', includeSubUnits: true };
  const binding = (aggregation: 'sum' | 'max' = 'sum') => ({ metric: 'sales.closed_won_amount', aggregation, scope: teamScope, window: q1Window });
  const bindCommand = (keyResultId = 'arr', aggregation: 'sum' | 'max' = 'sum', cycleStatus: 'open' | 'closed' = 'open', when = context) => ({
    type: 'BindKeyResultToMetric' as const,
    data: { cycleStatus, keyResultId, ...binding(aggregation) },
    context: when,
  });
  const bound: ObjectiveEvent = { type: 'KeyResultBoundToMetric', data: { keyResultId: 'arr', binding: binding(), previous: null } };
  const boundFromJan10 = { ...bound, metadata: { effectiveAt: '2027-01-10T00:00:00.000Z', recordedAt: now } };
  const addedOnJan5 = { ...arr, metadata: definedOnJan5.metadata };

  it('binds a metric key result to a metric over its cycle, for a unit and its sub-units', () => spec.given([defined, arr]).when(bindCommand()).then([bound]));
  it('binds from a past instant (the data may have arrived long before), but not before the key result existed', () => {
    spec.given([definedOnJan5, addedOnJan5]).when(bindCommand('arr', 'sum', 'open', at(now, '2027-01-05T00:00:00.000Z'))).then([bound]);
    spec.given([definedOnJan5, addedOnJan5]).when(bindCommand('arr', 'sum', 'open', at(now, '2027-01-01T00:00:00.000Z'))).thenThrows(InvalidInputError, /before the goal existed/, 'effectiveAt');
    spec.given([definedOnJan5, addedOnJan5]).when(bindCommand('arr', 'sum', 'open', at(now, '2027-03-01T00:00:00.000Z'))).thenThrows(InvalidInputError, /future/, 'effectiveAt');
  });
  it('refuses binding a milestone, a key result that does not exist, or in a closed cycle', () => {
    spec.given([defined, launch]).when(bindCommand('launch')).thenThrows(RuleViolationError, /milestone/, 'keyResultId');
    spec.given([defined]).when(bindCommand('nope')).thenThrows(NotFoundError, /nope/, 'keyResultId');
    spec.given([defined, arr]).when(bindCommand('arr', 'sum', 'closed')).thenThrows(RuleViolationError, /closed/);
  });
  it('refuses a binding that is not a dotted metric key', () =>
    spec.given([defined, arr]).when({ ...bindCommand(), data: { ...bindCommand().data, metric: 'Closed Won' } }).thenThrows(InvalidInputError, /dotted key/, 'metric'));
  it('binding the same way again records nothing; binding another way re-binds from then, naming the binding it replaces', () => {
    spec.given([defined, arr, bound]).when(bindCommand()).thenNothing();
    spec.given([defined, arr, bound]).when(bindCommand('arr', 'max')).then([{ type: 'KeyResultBoundToMetric', data: { keyResultId: 'arr', binding: binding('max'), previous: binding() } }]);
  });
  it('keeps its bindings in valid-time order, so a read as of any instant finds the one in force then', () => {
    const rebound = { type: 'KeyResultBoundToMetric' as const, data: { keyResultId: 'arr', binding: binding('max'), previous: null }, metadata: { effectiveAt: '2027-01-07T00:00:00.000Z', recordedAt: now } };
    const state = foldEvents(objectiveDecider, [definedOnJan5, addedOnJan5, boundFromJan10, rebound]);
    expect(state.keyResults.arr.bindings.map((b) => [b.effectiveAt, b.binding.aggregation])).toEqual([
      ['2027-01-07T00:00:00.000Z', 'max'],
      ['2027-01-10T00:00:00.000Z', 'sum'],
    ]);
  });
  it('refuses a check-in or amendment for an instant at which it is bound, not for one before', () => {
    const given = [definedOnJan5, addedOnJan5, boundFromJan10];
    spec.given(given).when({ type: 'RecordKeyResultCheckIn', data: { ...open, keyResultId: 'arr', value: 5, confidence: 'on-track' }, context }).thenThrows(RuleViolationError, /takes its value/);
    spec.given(given).when({ type: 'AmendKeyResultCheckIn', data: { cycleStatus: 'closed', keyResultId: 'arr', value: 5, confidence: 'on-track', reason: 'x' }, context }).thenThrows(RuleViolationError, /takes its value/);
    spec
      .given(given)
      .when({ type: 'RecordKeyResultCheckIn', data: { ...open, keyResultId: 'arr', value: 5, confidence: 'on-track' }, context: at(now, '2027-01-08T00:00:00.000Z') })
      .then([{ type: 'KeyResultCheckInRecorded', data: { keyResultId: 'arr', value: 5, confidence: 'on-track' } }]);
  });
});
