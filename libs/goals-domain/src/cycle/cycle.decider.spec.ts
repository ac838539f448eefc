import { AlreadyExistsError, CycleEvent, foldEvents, InvalidInputError, NotFoundError, RuleViolationError } from '@okr/goals-domain';
import { at, DeciderSpecification } from '@okr/testing';
import { cycleDecider } from './cycle.decider';
import { fiscalQuarter } from './fiscal-quarter';

const spec = DeciderSpecification.for(cycleDecider);
const context = at('2027-04-05T09:00:00.000Z');
const defined: CycleEvent = {
  type: 'CycleDefined',
  data: { cycleId: 'q1', name: 'FY2027 Q1', kind: 'quarter', startsOn: '2027-01-01', endsOn: '2027-03-31', fiscalYear: 2027, quarter: 1 },
};
const scores = [{ objectiveId: 'o1', score: 0.7, keyResults: [{ keyResultId: 'k1', score: 0.7 }] }];
const arr = { kind: 'objective' as const, id: 'o1', keyResultId: 'k1' };
const quota = { kind: 'target' as const, id: 'rita-q1' };
const frozen = { ledgerPosition: 120, values: [{ goal: arr, value: 70 }, { goal: quota, value: 40000 }] };
const noFrozen = { ledgerPosition: 120, values: [] };
const closed: CycleEvent = { type: 'CycleClosed', data: { cycleId: 'q1', scoringRule: 'linear-v1', scores, frozen } };

describe('fiscal quarters', () => {
  it('are calendar quarters when the fiscal year starts in January', () => {
    expect(fiscalQuarter(2027, 1, 1)).toEqual({ startsOn: '2027-01-01', endsOn: '2027-03-31' });
    expect(fiscalQuarter(2027, 4, 1)).toEqual({ startsOn: '2027-10-01', endsOn: '2027-12-31' });
  });
  it('are named by the year the fiscal year ends in: FY2027 starting in February begins in February 2026', () => {
    expect(fiscalQuarter(2027, 1, 2)).toEqual({ startsOn: '2026-02-01', endsOn: '2026-04-30' });
    expect(fiscalQuarter(2027, 4, 2)).toEqual({ startsOn: '2026-11-01', endsOn: '2027-01-31' });
  });
  it('handle a leap-year February inside a quarter', () => expect(fiscalQuarter(2028, 4, 12)).toEqual({ startsOn: '2028-09-01', endsOn: '2028-11-30' }));
  it('refuse a fifth quarter', () => expect(() => fiscalQuarter(2027, 5, 1)).toThrow(InvalidInputError));
});

describe('cycle', () => {
  it('defines a quarter from the fiscal-year start', () =>
    spec.given([]).when({ type: 'DefineQuarter', data: { cycleId: 'q1', fiscalYear: 2027, quarter: 1, fiscalYearStartMonth: 1 }, context }).then([defined]));
  it('defines a custom cycle', () =>
    spec.given([]).when({ type: 'DefineCustomCycle', data: { cycleId: 'h1', name: 'H1 push', startsOn: '2027-01-15', endsOn: '2027-06-15' }, context }).then([
      { type: 'CycleDefined', data: { cycleId: 'h1', name: 'H1 push', kind: 'custom', startsOn: '2027-01-15', endsOn: '2027-06-15' } },
    ]));
  it('refuses a custom cycle that ends before it starts', () =>
    spec.given([]).when({ type: 'DefineCustomCycle', data: { cycleId: 'h1', name: 'H1', startsOn: '2027-06-15', endsOn: '2027-01-15' }, context }).thenThrows(InvalidInputError, /before/, 'endsOn'));
  it('refuses an impossible date', () =>
    spec.given([]).when({ type: 'DefineCustomCycle', data: { cycleId: 'h1', name: 'H1', startsOn: '2027-02-30', endsOn: '2027-03-15' }, context }).thenThrows(InvalidInputError, /date/, 'startsOn'));
  it('refuses defining a cycle twice', () =>
    spec.given([defined]).when({ type: 'DefineQuarter', data: { cycleId: 'q1', fiscalYear: 2027, quarter: 1, fiscalYearStartMonth: 1 }, context }).thenThrows(AlreadyExistsError));
  it('closes with final scores under a named rule', () =>
    spec.given([defined]).when({ type: 'CloseCycle', data: { scoringRule: 'linear-v1', scores, frozen }, context }).then([closed]));
  it('refuses scores outside 0.0 to 1.0', () =>
    spec.given([defined]).when({ type: 'CloseCycle', data: { scoringRule: 'linear-v1', scores: [{ objectiveId: 'o1', score: 1.2, keyResults: [] }], frozen: noFrozen }, context }).thenThrows(InvalidInputError, /0.0 to 1.0/));
  it('refuses closing twice', () =>
    spec.given([defined, closed]).when({ type: 'CloseCycle', data: { scoringRule: 'linear-v1', scores, frozen }, context }).thenThrows(RuleViolationError, /closed/));
  it('refuses closing a cycle that does not exist', () =>
    spec.given([]).when({ type: 'CloseCycle', data: { scoringRule: 'linear-v1', scores, frozen }, context }).thenThrows(NotFoundError));
  it('amends a final score with a reason, keeping the previous score', () =>
    spec.given([defined, closed]).when({ type: 'AmendScore', data: { objectiveId: 'o1', keyResultId: 'k1', score: 0.8, reason: 'late credit' }, context }).then([
      { type: 'ScoreAmended', data: { cycleId: 'q1', objectiveId: 'o1', keyResultId: 'k1', score: 0.8, previousScore: 0.7, reason: 'late credit' } },
    ]));
  it('refuses an amendment without a reason', () =>
    spec.given([defined, closed]).when({ type: 'AmendScore', data: { objectiveId: 'o1', score: 0.8, reason: ' ' }, context }).thenThrows(InvalidInputError, /reason/, 'reason'));
  it('refuses an amendment while the cycle is open', () =>
    spec.given([defined]).when({ type: 'AmendScore', data: { objectiveId: 'o1', score: 0.8, reason: 'x' }, context }).thenThrows(RuleViolationError, /still open/));
  it('refuses amending an objective that was not scored', () =>
    spec.given([defined, closed]).when({ type: 'AmendScore', data: { objectiveId: 'o9', score: 0.8, reason: 'x' }, context }).thenThrows(NotFoundError, /o9/, 'objectiveId'));
});

describe('cycle: further rules', () => {
  it('defines a quarter of a fiscal year starting in February, named by the year it ends in', () =>
    spec.given([]).when({ type: 'DefineQuarter', data: { cycleId: 'fy27q2', fiscalYear: 2027, quarter: 2, fiscalYearStartMonth: 2 }, context }).then([
      { type: 'CycleDefined', data: { cycleId: 'fy27q2', name: 'FY2027 Q2', kind: 'quarter', startsOn: '2026-05-01', endsOn: '2026-07-31', fiscalYear: 2027, quarter: 2 } },
    ]));
  it('refuses a fifth quarter', () =>
    spec.given([]).when({ type: 'DefineQuarter', data: { cycleId: 'q5', fiscalYear: 2027, quarter: 5, fiscalYearStartMonth: 1 }, context }).thenThrows(InvalidInputError, /quarter/, 'quarter'));
  it('refuses a fiscal year starting in month 0', () =>
    spec.given([]).when({ type: 'DefineQuarter', data: { cycleId: 'q1', fiscalYear: 2027, quarter: 1, fiscalYearStartMonth: 0 }, context }).thenThrows(InvalidInputError, /month/, 'fiscalYearStartMonth'));
  it('accepts a custom cycle of a single day', () =>
    spec.given([]).when({ type: 'DefineCustomCycle', data: { cycleId: 'd', name: 'Offsite', startsOn: '2027-03-03', endsOn: '2027-03-03' }, context }).then([
      { type: 'CycleDefined', data: { cycleId: 'd', name: 'Offsite', kind: 'custom', startsOn: '2027-03-03', endsOn: '2027-03-03' } },
    ]));
  it('refuses a key result score outside 0.0 to 1.0', () =>
    spec
      .given([defined])
      .when({ type: 'CloseCycle', data: { scoringRule: 'linear-v1', scores: [{ objectiveId: 'o1', score: 0.5, keyResults: [{ keyResultId: 'k1', score: -0.1 }] }], frozen: noFrozen }, context })
      .thenThrows(InvalidInputError, /0.0 to 1.0/, 'score'));
  it('refuses a scoring rule it does not know', () =>
    spec.given([defined]).when({ type: 'CloseCycle', data: { scoringRule: 'gut-feel', scores, frozen }, context }).thenThrows(InvalidInputError, /gut-feel/, 'scoringRule'));
  it('refuses an objective scored twice', () =>
    spec.given([defined]).when({ type: 'CloseCycle', data: { scoringRule: 'linear-v1', scores: [...scores, ...scores], frozen: noFrozen }, context }).thenThrows(InvalidInputError, /twice/, 'scores'));
  it('closes a cycle without objectives', () =>
    spec.given([defined]).when({ type: 'CloseCycle', data: { scoringRule: 'linear-v1', scores: [], frozen: noFrozen }, context }).then([
      { type: 'CycleClosed', data: { cycleId: 'q1', scoringRule: 'linear-v1', scores: [], frozen: noFrozen } },
    ]));
  it('amends an objective’s own score', () =>
    spec.given([defined, closed]).when({ type: 'AmendScore', data: { objectiveId: 'o1', score: 0.75, reason: 'recount' }, context }).then([
      { type: 'ScoreAmended', data: { cycleId: 'q1', objectiveId: 'o1', score: 0.75, previousScore: 0.7, reason: 'recount' } },
    ]));
  it('refuses amending a key result that was not scored', () =>
    spec.given([defined, closed]).when({ type: 'AmendScore', data: { objectiveId: 'o1', keyResultId: 'k9', score: 0.8, reason: 'x' }, context }).thenThrows(NotFoundError, /k9/, 'keyResultId'));
  it('refuses an amended score above 1.0', () =>
    spec.given([defined, closed]).when({ type: 'AmendScore', data: { objectiveId: 'o1', score: 1.5, reason: 'x' }, context }).thenThrows(InvalidInputError, /0.0 to 1.0/, 'score'));
  it('may be defined after the fact and closed as of its end, never ahead of now', () => {
    const lastQuarter = at(context.now, '2027-01-01T00:00:00.000Z');
    spec.given([]).when({ type: 'DefineQuarter', data: { cycleId: 'q1', fiscalYear: 2027, quarter: 1, fiscalYearStartMonth: 1 }, context: lastQuarter }).then([defined]);
    spec.given([{ ...defined, metadata: { effectiveAt: '2027-01-01T00:00:00.000Z' } }]).when({ type: 'CloseCycle', data: { scoringRule: 'linear-v1', scores, frozen }, context: at(context.now, '2027-03-31T23:59:59.000Z') }).then([closed]);
    spec.given([]).when({ type: 'DefineQuarter', data: { cycleId: 'q1', fiscalYear: 2027, quarter: 1, fiscalYearStartMonth: 1 }, context: at(context.now, '2027-05-01T00:00:00.000Z') }).thenThrows(InvalidInputError, /future/, 'effectiveAt');
  });

  it('keeps the amended score in its state', () => {
    const times = { effectiveAt: context.now, recordedAt: context.now };
    const state = foldEvents(cycleDecider, [
      { ...defined, metadata: times },
      { ...closed, metadata: times },
      { type: 'ScoreAmended', data: { cycleId: 'q1', objectiveId: 'o1', keyResultId: 'k1', score: 0.9, previousScore: 0.7, reason: 'late credit' }, metadata: times },
    ]);
    expect(state).toMatchObject({ status: 'closed', scoringRule: 'linear-v1', scores: [{ objectiveId: 'o1', score: 0.7, keyResults: [{ keyResultId: 'k1', score: 0.9 }] }] });
  });
});

describe('values of bound goals frozen at close', () => {
  const times = { effectiveAt: context.now, recordedAt: context.now };
  const accept = (value: number | null, ledgerPosition: number, goal: typeof arr | typeof quota = arr, rescored?: (typeof scores)[number]) => ({
    type: 'AcceptBoundValue' as const,
    data: { goal, value, ledgerPosition, reason: 'deal closed in March, reported in April', ...(rescored ? { rescored } : {}) },
    context,
  });
  const reject = (ledgerPosition: number, goal: typeof arr | typeof quota = quota) => ({ type: 'RejectBoundValueDifference' as const, data: { goal, ledgerPosition, reason: 'duplicate deal' }, context });

  it('keeps each bound goal’s value and the ledger position it was computed at', () => {
    const state = foldEvents(cycleDecider, [{ ...defined, metadata: times }, { ...closed, metadata: times }]);
    expect(state.frozen['objective:o1:k1']).toEqual({ goal: arr, value: 70, ledgerPosition: 120, reviewedUpTo: 120 });
    expect(state.frozen['target:rita-q1']).toMatchObject({ value: 40000, ledgerPosition: 120 });
  });
  it('accepts a later value as an amendment with a reason, re-scoring the key result and its objective', () =>
    spec.given([defined, closed]).when(accept(90, 150, arr, { objectiveId: 'o1', score: 0.9, keyResults: [{ keyResultId: 'k1', score: 0.9 }] })).then([
      { type: 'BoundValueAmended', data: { cycleId: 'q1', goal: arr, value: 90, previousValue: 70, ledgerPosition: 150, previousLedgerPosition: 120, reason: 'deal closed in March, reported in April' } },
      { type: 'ScoreAmended', data: { cycleId: 'q1', objectiveId: 'o1', keyResultId: 'k1', score: 0.9, previousScore: 0.7, reason: 'deal closed in March, reported in April' } },
      { type: 'ScoreAmended', data: { cycleId: 'q1', objectiveId: 'o1', score: 0.9, previousScore: 0.7, reason: 'deal closed in March, reported in April' } },
    ]));
  it('amends a target’s value, which has no score', () =>
    spec.given([defined, closed]).when(accept(45000, 150, quota)).then([
      { type: 'BoundValueAmended', data: { cycleId: 'q1', goal: quota, value: 45000, previousValue: 40000, ledgerPosition: 150, previousLedgerPosition: 120, reason: 'deal closed in March, reported in April' } },
    ]));
  it('records nothing when the value and position are those already frozen', () => spec.given([defined, closed]).when(accept(70, 120)).thenNothing());
  it('refuses going back to an earlier ledger position', () => spec.given([defined, closed]).when(accept(60, 100)).thenThrows(InvalidInputError, /cannot go back/, 'ledgerPosition'));
  it('refuses an amendment of a goal that was not frozen, without a reason, or while the cycle is open', () => {
    spec.given([defined, closed]).when(accept(1, 150, { kind: 'target', id: 'other' })).thenThrows(NotFoundError, /target other/, 'goal');
    spec.given([defined, closed]).when({ ...accept(1, 150), data: { ...accept(1, 150).data, reason: ' ' } }).thenThrows(InvalidInputError, /reason/, 'reason');
    spec.given([defined]).when(accept(1, 150)).thenThrows(RuleViolationError, /still open/);
  });
  it('rejects the difference up to a position, leaving the frozen value as it was', () => {
    spec.given([defined, closed]).when(reject(150)).then([{ type: 'BoundValueDifferenceRejected', data: { cycleId: 'q1', goal: quota, ledgerPosition: 150, reason: 'duplicate deal' } }]);
    const state = foldEvents(cycleDecider, [{ ...defined, metadata: times }, { ...closed, metadata: times }, { type: 'BoundValueDifferenceRejected', data: { cycleId: 'q1', goal: quota, ledgerPosition: 150, reason: 'x' }, metadata: times }]);
    expect(state.frozen['target:rita-q1']).toEqual({ goal: quota, value: 40000, ledgerPosition: 120, reviewedUpTo: 150 });
  });
  it('a rejection of what was already reviewed records nothing', () => spec.given([defined, closed]).when(reject(120)).thenNothing());
  it('an accepted value is frozen at its new position from then on', () => {
    const state = foldEvents(cycleDecider, [
      { ...defined, metadata: times },
      { ...closed, metadata: times },
      { type: 'BoundValueAmended', data: { cycleId: 'q1', goal: arr, value: 90, previousValue: 70, ledgerPosition: 150, previousLedgerPosition: 120, reason: 'x' }, metadata: times },
    ]);
    expect(state.frozen['objective:o1:k1']).toEqual({ goal: arr, value: 90, ledgerPosition: 150, reviewedUpTo: 150 });
  });
});
