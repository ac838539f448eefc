import { AlreadyExistsError, foldEvents, IndividualTargetEvent, InvalidInputError, NotFoundError, RuleViolationError } from '@okr/goals-domain';
import { at, DeciderSpecification, stateAfter } from '@okr/testing';
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
    expect(targetAttainment(state)).toEqual({ value: 20000, againstOriginal: 0.4, againstCurrent: 0.5 });
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
    expect(targetAttainment(state)).toEqual({ value: 30000, againstOriginal: 0.6, againstCurrent: 0.75 });
  });
  it('counts an amendment as the value that holds', () => {
    const state = foldEvents(individualTargetDecider, [
      setOnJan4,
      checkIn(30000, '2027-03-01T00:00:00.000Z'),
      { type: 'TargetCheckInAmended', data: { value: 35000, confidence: 'on-track', reason: 'late deal', previousValue: 30000 }, metadata: { effectiveAt: '2027-04-02T00:00:00.000Z', recordedAt: '2027-04-02T00:00:00.000Z' } },
    ]);
    expect(targetAttainment(state).againstCurrent).toBe(0.7);
  });
  it('has attainment 0 before any check-in', () =>
    expect(targetAttainment(foldEvents(individualTargetDecider, [setOnJan4]))).toEqual({ value: 0, againstOriginal: 0, againstCurrent: 0 }));
});

describe('individual target bound to its metric', () => {
  const q1Window = { kind: 'cycle' as const, from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };
  const binding = { metric: 'sales.closed_won_amount', aggregation: 'sum' as const, scope: { type: 'person' as const, personId: 'rita' }, window: q1Window };
  const bound: IndividualTargetEvent = { type: 'TargetBoundToMetric', data: { targetId: 'q-rita', binding } };
  const point = (recordVersion: number, value: number | null, occurredAt = '2027-02-10T00:00:00.000Z', record = 'opp-1') => ({
    dataPointId: `salesforce:${record}:sales.closed_won_amount@${recordVersion}`,
    sourceRecordKey: `salesforce:${record}:sales.closed_won_amount`,
    recordVersion,
    subject: { type: 'person' as const, id: 'rita' },
    operation: value === null ? ('retract' as const) : ('upsert' as const),
    ...(value === null ? {} : { value }),
    occurredAt,
    receivedAt: occurredAt,
    source: { system: 'salesforce', recordId: record },
  });
  const contribute = (dataPoint: ReturnType<typeof point>, cycleStatus: 'open' | 'closed' = 'open') => ({ type: 'RecordMetricContribution' as const, data: { cycleStatus, dataPoint }, context });
  const recorded = (dataPoint: ReturnType<typeof point>): IndividualTargetEvent => ({ type: 'MetricContributionRecorded', data: dataPoint });
  const valueAfter = (events: IndividualTargetEvent[]) => targetAttainment(stateAfter(individualTargetDecider, [set, bound, ...events])).value;

  it('binds the target to its own metric for its person over the cycle', () =>
    spec.given([set]).when({ type: 'BindTargetToMetric', data: { ...open, aggregation: 'sum', window: q1Window }, context }).then([bound]));
  it('binding again the same way records nothing; another way is refused', () => {
    spec.given([set, bound]).when({ type: 'BindTargetToMetric', data: { ...open, aggregation: 'sum', window: q1Window }, context }).thenNothing();
    spec.given([set, bound]).when({ type: 'BindTargetToMetric', data: { ...open, aggregation: 'max', window: q1Window }, context }).thenThrows(AlreadyExistsError, /already bound/);
  });
  it('refuses binding in a closed cycle', () =>
    spec.given([set]).when({ type: 'BindTargetToMetric', data: { cycleStatus: 'closed', aggregation: 'sum', window: q1Window }, context }).thenThrows(RuleViolationError, /closed/));
  it('refuses manual check-ins once bound: the data points move it', () =>
    spec.given([set, bound]).when({ type: 'RecordTargetCheckIn', data: { ...open, value: 1, confidence: 'on-track' }, context }).thenThrows(RuleViolationError, /takes its value/));
  it('refuses a contribution while not bound', () => spec.given([set]).when(contribute(point(1, 100))).thenThrows(RuleViolationError, /not bound/));

  it('records an upsert', () => spec.given([set, bound]).when(contribute(point(1, 12000))).then([recorded(point(1, 12000))]));
  it('records a newer version, which replaces the record’s value', () => {
    spec.given([set, bound, recorded(point(1, 12000))]).when(contribute(point(2, 15000))).then([recorded(point(2, 15000))]);
    expect(valueAfter([recorded(point(1, 12000)), recorded(point(2, 15000))])).toBe(15000);
  });
  it('ignores a duplicate or older version: redelivery and replays change nothing', () => {
    spec.given([set, bound, recorded(point(2, 15000))]).when(contribute(point(2, 15000))).thenNothing();
    spec.given([set, bound, recorded(point(2, 15000))]).when(contribute(point(1, 12000))).thenNothing();
  });
  it('records a retraction, which withdraws the record; a later upsert brings it back', () => {
    spec.given([set, bound, recorded(point(1, 12000))]).when(contribute(point(2, null))).then([recorded(point(2, null))]);
    spec.given([set, bound, recorded(point(1, 12000)), recorded(point(2, null))]).when(contribute(point(3, 9000))).then([recorded(point(3, 9000))]);
    expect(valueAfter([recorded(point(1, 12000)), recorded(point(2, null))])).toBe(0);
    expect(valueAfter([recorded(point(1, 12000)), recorded(point(2, null)), recorded(point(3, 9000))])).toBe(9000);
  });
  it('sums separate records, and measures attainment on that value', () => {
    const state = stateAfter(individualTargetDecider, [set, bound, recorded(point(1, 20000)), recorded(point(1, 5000, '2027-03-01T00:00:00.000Z', 'opp-2'))]);
    expect(targetAttainment(state)).toEqual({ value: 25000, againstOriginal: 0.5, againstCurrent: 0.5 });
  });
  it('refuses an upsert without a finite value', () =>
    spec.given([set, bound]).when(contribute({ ...point(1, 1), value: Number.NaN })).thenThrows(InvalidInputError, /finite/, 'value'));

  describe('after the cycle closed', () => {
    const proposed = (dataPoint: ReturnType<typeof point>): IndividualTargetEvent => ({ type: 'MetricContributionProposed', data: dataPoint });
    const late = point(1, 4000, '2027-03-30T00:00:00.000Z', 'opp-late');
    const decideProposal = (type: 'AcceptMetricContribution' | 'RejectMetricContribution', reason = 'deal closed in Q1, reported late', cycleStatus: 'open' | 'closed' = 'closed') => ({
      type,
      data: { cycleStatus, dataPointId: late.dataPointId, reason },
      context,
    });
    it('a data point that occurred in the cycle becomes a proposal, not a silent change', () => {
      spec.given([set, bound]).when(contribute(late, 'closed')).then([proposed(late)]);
      expect(valueAfter([proposed(late)])).toBe(0);
    });
    it('so does one that moves a contribution out of the closed cycle', () =>
      spec.given([set, bound, recorded(point(1, 100))]).when(contribute(point(2, 100, '2027-04-03T00:00:00.000Z'), 'closed')).then([proposed(point(2, 100, '2027-04-03T00:00:00.000Z'))]));
    it('one that cannot move the closed number is left out', () => spec.given([set, bound]).when(contribute(point(1, 100, '2027-04-03T00:00:00.000Z'), 'closed')).thenNothing());
    it('a redelivered proposal records nothing', () => spec.given([set, bound, proposed(late)]).when(contribute(late, 'closed')).thenNothing());
    it('an admin accepts it with a reason: it is folded in as an amendment', () => {
      spec.given([set, bound, proposed(late)]).when(decideProposal('AcceptMetricContribution')).then([
        { type: 'MetricContributionAmended', data: { ...late, reason: 'deal closed in Q1, reported late' } },
      ]);
      const state = stateAfter(individualTargetDecider, [set, bound, proposed(late), { type: 'MetricContributionAmended', data: { ...late, reason: 'deal closed in Q1, reported late' } }]);
      expect(targetAttainment(state).value).toBe(4000);
      expect(state.boundMetric?.proposals).toEqual({});
      expect(state.boundMetric?.contributions[late.sourceRecordKey]).toMatchObject({ amendmentReason: 'deal closed in Q1, reported late' });
    });
    it('or rejects it with a reason, and it no longer waits', () => {
      spec.given([set, bound, proposed(late)]).when(decideProposal('RejectMetricContribution', 'duplicate of opp-1')).then([
        { type: 'MetricContributionRejected', data: { dataPointId: late.dataPointId, subject: late.subject, reason: 'duplicate of opp-1' } },
      ]);
      expect(stateAfter(individualTargetDecider, [set, bound, proposed(late), { type: 'MetricContributionRejected', data: { dataPointId: late.dataPointId, subject: late.subject, reason: 'x' } }]).boundMetric?.proposals).toEqual({});
    });
    it('refuses a decision without a reason, on an unknown proposal, or while the cycle is open', () => {
      spec.given([set, bound, proposed(late)]).when(decideProposal('AcceptMetricContribution', ' ')).thenThrows(InvalidInputError, /reason/, 'reason');
      spec.given([set, bound]).when(decideProposal('RejectMetricContribution')).thenThrows(NotFoundError, /no pending proposal/, 'dataPointId');
      spec.given([set, bound, proposed(late)]).when(decideProposal('AcceptMetricContribution', 'x', 'open')).thenThrows(RuleViolationError, /still open/);
    });
    it('refuses to accept a version older than the one applied since', () =>
      spec.given([set, bound, proposed(late), recorded({ ...late, recordVersion: 2, dataPointId: 'v2' })]).when(decideProposal('AcceptMetricContribution')).thenThrows(RuleViolationError, /already applied/));
  });
});
