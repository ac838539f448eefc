import { AlreadyExistsError, checkInValue, foldEvents, IndividualTargetEvent, InvalidInputError, NotFoundError, RuleViolationError } from '@okr/goals-domain';
import { at, DeciderSpecification } from '@okr/testing';
import { individualTargetDecider } from './individual-target.decider';
import { targetAttainment } from './target-attainment';

const spec = DeciderSpecification.for(individualTargetDecider);
const context = at('2027-02-01T09:00:00.000Z');
const open = { cycleStatus: 'open' as const };
const set: IndividualTargetEvent = {
  type: 'TargetSet',
  data: { targetId: 'q-rita', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', unit: 'EUR', targetValue: 50000, visibility: 'private' },
};
const revised: IndividualTargetEvent = { type: 'TargetRevised', data: { targetValue: 40000, previousTargetValue: 50000, reason: 'territory split' } };

describe('individual target', () => {
  const setTarget = (overrides: Partial<{ personIsMemberOfUnit: boolean; targetValue: number; metric: string; cycleStatus: 'open' | 'closed' }> = {}) => ({
    type: 'SetTarget' as const,
    data: { targetId: 'q-rita', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', unit: 'EUR', targetValue: 50000, personIsMemberOfUnit: true, ...open, ...overrides },
    context,
  });
  it('sets a private target for a member of the unit', () => spec.given([]).when(setTarget()).then([set]));
  it('refuses a person who is not a member of the unit', () => spec.given([]).when(setTarget({ personIsMemberOfUnit: false })).thenThrows(RuleViolationError, /not a member/, 'personId'));
  it('refuses a target of zero', () => spec.given([]).when(setTarget({ targetValue: 0 })).thenThrows(InvalidInputError, /above 0/, 'targetValue'));
  it('refuses a metric that is not a dotted key', () => spec.given([]).when(setTarget({ metric: 'Closed Won' })).thenThrows(InvalidInputError, /dotted key/, 'metric'));
  it('refuses a target in a closed cycle', () => spec.given([]).when(setTarget({ cycleStatus: 'closed' })).thenThrows(RuleViolationError, /closed/));
  it('refuses setting twice', () => spec.given([set]).when(setTarget()).thenThrows(AlreadyExistsError));

  it('revises the target with a reason, keeping the previous value', () =>
    spec.given([set]).when({ type: 'ReviseTarget', data: { ...open, targetValue: 40000, reason: 'territory split' }, context }).then([revised]));
  it('refuses a revision without a reason', () =>
    spec.given([set]).when({ type: 'ReviseTarget', data: { ...open, targetValue: 40000, reason: '' }, context }).thenThrows(InvalidInputError, /reason/, 'reason'));
  it('refuses a revision to the same value', () =>
    spec.given([set]).when({ type: 'ReviseTarget', data: { ...open, targetValue: 50000, reason: 'x' }, context }).thenThrows(InvalidInputError, /already/, 'targetValue'));
  it('refuses a revision of a target that does not exist', () =>
    spec.given([]).when({ type: 'ReviseTarget', data: { ...open, targetValue: 1, reason: 'x' }, context }).thenThrows(NotFoundError));

  it('records a check-in while the cycle is open, and refuses one after close', () => {
    spec.given([set]).when({ type: 'RecordTargetCheckIn', data: { ...open, value: 20000, confidence: 'on-track' }, context }).then([
      { type: 'TargetCheckInRecorded', data: { value: 20000, confidence: 'on-track' } },
    ]);
    spec.given([set]).when({ type: 'RecordTargetCheckIn', data: { cycleStatus: 'closed', value: 20000, confidence: 'on-track' }, context }).thenThrows(RuleViolationError, /amendment/);
  });
  it('amends after close with a reason, and not before', () => {
    spec.given([set]).when({ type: 'AmendTargetCheckIn', data: { cycleStatus: 'closed', value: 21000, confidence: 'on-track', reason: 'late deal' }, context }).then([
      { type: 'TargetCheckInAmended', data: { value: 21000, confidence: 'on-track', reason: 'late deal', previousValue: null } },
    ]);
    spec.given([set]).when({ type: 'AmendTargetCheckIn', data: { ...open, value: 21000, confidence: 'on-track', reason: 'late deal' }, context }).thenThrows(RuleViolationError, /still open/);
  });

  it('measures attainment against the original and the revised target', () => {
    const times = { effectiveAt: '2027-01-01T00:00:00.000Z', recordedAt: '2027-01-01T00:00:00.000Z' };
    const state = foldEvents(individualTargetDecider, [
      { ...set, metadata: times },
      { ...revised, metadata: times },
      { type: 'TargetCheckInRecorded', data: { value: 20000, confidence: 'on-track' }, metadata: times },
    ]);
    expect(state).toMatchObject({ originalTarget: 50000, currentTarget: 40000, revisions: [{ from: 50000, to: 40000, reason: 'territory split' }] });
    expect(targetAttainment(state, checkInValue(state))).toEqual({ value: 20000, againstOriginal: 0.4, againstCurrent: 0.5 });
  });
});

describe('individual target: further rules', () => {
  const setOnJan4 = { ...set, metadata: { effectiveAt: '2027-01-04T00:00:00.000Z', recordedAt: '2027-01-04T00:00:00.000Z' } };
  const checkIn = (value: number, effectiveAt: string, recordedAt = effectiveAt) => ({ type: 'TargetCheckInRecorded' as const, data: { value, confidence: 'on-track' as const }, metadata: { effectiveAt, recordedAt } });
  const record = (effectiveAt: string) => ({ type: 'RecordTargetCheckIn' as const, data: { ...open, value: 1000, confidence: 'on-track' as const }, context: at(context.now, effectiveAt) });

  it('may be set with a backdated effective time (the cycle start)', () =>
    spec.given([]).when({ type: 'SetTarget', data: { targetId: 'q-rita', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', unit: 'EUR', targetValue: 50000, personIsMemberOfUnit: true, ...open }, context: at(context.now, '2027-01-01T00:00:00.000Z') }).then([set]));
  it('refuses a check-in effective before the target was set', () => spec.given([setOnJan4]).when(record('2027-01-03T00:00:00.000Z')).thenThrows(InvalidInputError, /before the goal existed/, 'effectiveAt'));
  it('refuses a check-in effective in the future', () => spec.given([setOnJan4]).when(record('2027-06-01T00:00:00.000Z')).thenThrows(InvalidInputError, /future/, 'effectiveAt'));
  it('accepts a check-in backdated within the target’s life', () =>
    spec.given([setOnJan4]).when(record('2027-01-20T00:00:00.000Z')).then([{ type: 'TargetCheckInRecorded', data: { value: 1000, confidence: 'on-track' } }]));
  it('refuses a revision once the cycle is closed', () =>
    spec.given([set]).when({ type: 'ReviseTarget', data: { cycleStatus: 'closed', targetValue: 40000, reason: 'x' }, context }).thenThrows(RuleViolationError, /cycle is closed/));
  it('refuses a revision to 0 or below', () =>
    spec.given([set]).when({ type: 'ReviseTarget', data: { ...open, targetValue: -5, reason: 'x' }, context }).thenThrows(InvalidInputError, /above 0/, 'targetValue'));
  it('refuses a backdated revision', () =>
    spec.given([set]).when({ type: 'ReviseTarget', data: { ...open, targetValue: 40000, reason: 'x' }, context: at(context.now, '2027-01-15T00:00:00.000Z') }).thenThrows(InvalidInputError, /effectiveAt/, 'effectiveAt'));
  it('refuses an amendment without a reason', () =>
    spec.given([set]).when({ type: 'AmendTargetCheckIn', data: { cycleStatus: 'closed', value: 1, confidence: 'on-track', reason: ' ' }, context }).thenThrows(InvalidInputError, /reason/, 'reason'));
  it('refuses a check-in on a target that does not exist', () => spec.given([]).when(record(context.now)).thenThrows(NotFoundError));

  it('keeps every revision with its time, and the value that holds in valid time', () => {
    const state = foldEvents(individualTargetDecider, [
      setOnJan4,
      { ...revised, metadata: { effectiveAt: '2027-02-01T00:00:00.000Z', recordedAt: '2027-02-01T00:00:00.000Z' } },
      checkIn(30000, '2027-03-01T00:00:00.000Z'),
      checkIn(10000, '2027-02-10T00:00:00.000Z', '2027-03-05T00:00:00.000Z'), // late and backdated: holds as of 10 Feb only
    ]);
    expect(state.revisions).toEqual([{ from: 50000, to: 40000, reason: 'territory split', effectiveAt: '2027-02-01T00:00:00.000Z' }]);
    expect(targetAttainment(state, checkInValue(state))).toEqual({ value: 30000, againstOriginal: 0.6, againstCurrent: 0.75 });
  });
  it('counts an amendment as the value that holds', () => {
    const state = foldEvents(individualTargetDecider, [
      setOnJan4,
      checkIn(30000, '2027-03-01T00:00:00.000Z'),
      { type: 'TargetCheckInAmended', data: { value: 35000, confidence: 'on-track', reason: 'late deal', previousValue: 30000 }, metadata: { effectiveAt: '2027-04-02T00:00:00.000Z', recordedAt: '2027-04-02T00:00:00.000Z' } },
    ]);
    expect(targetAttainment(state, checkInValue(state)).againstCurrent).toBe(0.7);
  });
  it('has attainment 0 before any check-in', () =>
    expect(targetAttainment(foldEvents(individualTargetDecider, [setOnJan4]), null)).toEqual({ value: 0, againstOriginal: 0, againstCurrent: 0 }));
});

describe('individual target bound to its metric', () => {
  const q1Window = { kind: 'cycle' as const, from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };
  const binding = (aggregation: 'sum' | 'max' = 'sum') => ({ metric: 'sales.closed_won_amount', aggregation, scope: { type: 'person' as const, personId: 'rita' }, window: q1Window });
  const bound: IndividualTargetEvent = { type: 'TargetBoundToMetric', data: { targetId: 'q-rita', binding: binding(), previous: null } };
  const bind = (aggregation: 'sum' | 'max' = 'sum', when = context) => ({ type: 'BindTargetToMetric' as const, data: { ...open, aggregation, window: q1Window }, context: when });

  it('binds the target to its own metric for its person over the cycle', () => spec.given([set]).when(bind()).then([bound]));
  it('binds from the start of the cycle when asked: the quarter’s facts give its value as of any instant in it', () =>
    spec.given([{ ...set, metadata: { effectiveAt: '2027-01-01T00:00:00.000Z', recordedAt: context.now } }]).when(bind('sum', at(context.now, '2027-01-01T00:00:00.000Z'))).then([bound]));
  it('binding again the same way records nothing; another way re-binds from then', () => {
    spec.given([set, bound]).when(bind()).thenNothing();
    spec.given([set, bound]).when(bind('max')).then([{ type: 'TargetBoundToMetric', data: { targetId: 'q-rita', binding: binding('max'), previous: binding() } }]);
  });
  it('refuses binding in a closed cycle', () =>
    spec.given([set]).when({ type: 'BindTargetToMetric', data: { cycleStatus: 'closed', aggregation: 'sum', window: q1Window }, context }).thenThrows(RuleViolationError, /closed/));
  it('refuses manual check-ins while bound: its person’s facts move it', () =>
    spec.given([set, bound]).when({ type: 'RecordTargetCheckIn', data: { ...open, value: 1, confidence: 'on-track' }, context }).thenThrows(RuleViolationError, /takes its value/));
});
