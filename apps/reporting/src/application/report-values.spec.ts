import { BoundGoalRef, boundGoalKey, BoundValues, ValuedGoal } from '@okr/goals-domain';
import { MetricFact, MetricIndex } from '@okr/metric-index';
import { GoalHistories } from '../history/goal-histories';
import { Instant, readInstantsOf } from '../history/instant';
import { StoredGoalEvent } from '../history/stored-goal-event';
import { ReportValues } from './report-values';

const NOW = new Date('2027-04-20T00:00:00.000Z');
const binding = (scope: object) => ({ metric: 'sales.won', aggregation: 'sum', scope, window: { kind: 'cycle', from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' } });
const team = binding({ type: 'unit', unitId: 't', includeSubUnits: true });

/** Key results a and b bound alike, c checked in by hand, a target bound to Rita; the cycle closed on 2 April, a's value amended on 10 April. */
function histories(): GoalHistories {
  const versions = new Map<string, number>();
  let position = 0;
  const event = (streamId: string, type: string, data: Record<string, unknown>, recordedAt: string, effectiveAt = '2027-01-01T00:00:00.000Z'): StoredGoalEvent => {
    const streamVersion = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, streamVersion);
    return { _id: `${streamId}@${streamVersion}`, streamId, streamVersion, globalPosition: ++position, type, data, actor: 'olivia', effectiveAt, recordedAt };
  };
  const setUp = '2027-01-01T00:00:00.000Z';
  const a: BoundGoalRef = { kind: 'objective', id: 'o', keyResultId: 'a' };
  const b: BoundGoalRef = { kind: 'objective', id: 'o', keyResultId: 'b' };
  const events = [
    event('organization', 'UnitCreated', { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null }, setUp),
    event('organization', 'UnitCreated', { unitId: 't', name: 'T', kind: 'team', parentId: 'acme' }, setUp),
    ...['rita', 'sam'].flatMap((person) => [
      event('organization', 'PersonRegistered', { personId: person, name: person, email: `${person}@acme.test` }, setUp),
      event('organization', 'MemberAdded', { unitId: 't', personId: person }, setUp),
    ]),
    event('cycle-q1', 'CycleDefined', { cycleId: 'q1', name: 'Q1', kind: 'custom', startsOn: '2027-01-01', endsOn: '2027-03-31' }, setUp),
    event('objective-o', 'ObjectiveDefined', { objectiveId: 'o', cycleId: 'q1', title: 'O', owner: { type: 'team', id: 't' }, commitment: 'committed', warnings: [] }, setUp),
    ...['a', 'b', 'c'].map((id) => event('objective-o', 'KeyResultAdded', { keyResultId: id, title: id, weight: 1, definition: { kind: 'metric', start: 0, target: 100, unit: 'EUR', direction: 'increase' } }, setUp)),
    event('objective-o', 'KeyResultBoundToMetric', { keyResultId: 'a', binding: team, previous: null }, setUp),
    event('objective-o', 'KeyResultBoundToMetric', { keyResultId: 'b', binding: team, previous: null }, setUp),
    event('objective-o', 'KeyResultCheckInRecorded', { keyResultId: 'c', value: 7, confidence: 'on-track' }, '2027-02-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'),
    event('target-q', 'TargetSet', { targetId: 'q', personId: 'rita', unitId: 't', cycleId: 'q1', metric: 'sales.won', unit: 'EUR', targetValue: 100, visibility: 'private' }, setUp),
    event('target-q', 'TargetBoundToMetric', { targetId: 'q', binding: binding({ type: 'person', personId: 'rita' }), previous: null }, setUp),
    event('cycle-q1', 'CycleClosed', { cycleId: 'q1', scoringRule: 'linear-v1', scores: [], frozen: { ledgerPosition: 2, values: [{ goal: a, value: 50 }, { goal: b, value: 50 }, { goal: { kind: 'target', id: 'q' }, value: 30 }] } }, '2027-04-02T00:00:00.000Z', '2027-04-02T00:00:00.000Z'),
    event('cycle-q1', 'BoundValueAmended', { cycleId: 'q1', goal: a, value: 90, previousValue: 50, ledgerPosition: 3, previousLedgerPosition: 2, reason: 'a late deal' }, '2027-04-10T00:00:00.000Z', '2027-04-10T00:00:00.000Z'),
  ];
  const held = new GoalHistories();
  for (const e of events) held.add(e);
  return held;
}

function index(): MetricIndex {
  const fact = (position: number, person: string, value: number, occurredAt: string, recordedAt: string): MetricFact => ({
    position, metric: 'sales.won', subject: { type: 'person', id: person }, sourceRecordKey: `crm:${position}:sales.won`, source: { system: 'crm', recordId: String(position) },
    recordVersion: 1, operation: 'upsert', value, occurredAt: Date.parse(occurredAt), recordedAt: Date.parse(recordedAt),
  });
  const held = new MetricIndex();
  held.add([
    fact(1, 'rita', 30, '2027-02-01T00:00:00Z', '2027-02-01T00:00:00Z'),
    fact(2, 'sam', 20, '2027-03-01T00:00:00Z', '2027-03-01T00:00:00Z'),
    // A deal of 30 March that arrived after the close.
    fact(3, 'rita', 40, '2027-03-30T00:00:00Z', '2027-04-05T00:00:00Z'),
  ]);
  return held;
}

describe('ReportValues: each query computed once per report, the same values as the domain’s BoundValues', () => {
  const goals = histories();
  const facts = index();
  const values = new ReportValues(goals, facts, { now: () => NOW });
  const refs: BoundGoalRef[] = [
    { kind: 'objective', id: 'o', keyResultId: 'a' },
    { kind: 'objective', id: 'o', keyResultId: 'b' },
    { kind: 'objective', id: 'o', keyResultId: 'c' },
    { kind: 'target', id: 'q' },
  ];
  const goalOf = (ref: BoundGoalRef, at: Instant): ValuedGoal =>
    ref.kind === 'target' ? goals.targetAt(ref.id, at)!.state : goals.objectiveAt(ref.id, at)!.state.keyResults[(ref as { keyResultId: string }).keyResultId];
  /** The domain's own reading, with nothing remembered. */
  const domain = (at: Instant) => {
    const cycle = goals.cycleAt('q1', { asOf: Infinity, knownAt: at.knownAt })!;
    const frozenAt = cycle.status === 'closed' ? (ref: BoundGoalRef) => cycle.frozen[boundGoalKey(ref)]?.ledgerPosition : undefined;
    return new BoundValues(readInstantsOf(at, NOW), goals.organizationTimeline(), facts, frozenAt);
  };
  const instants = ['2027-02-15T00:00:00Z', '2027-03-31T23:59:59Z', '2027-04-03T00:00:00Z', '2027-04-06T00:00:00Z', '2027-04-12T00:00:00Z'].flatMap((knownAt) =>
    ['2027-02-15T00:00:00Z', '2027-03-31T23:59:59Z'].map((asOf) => ({ asOf: Date.parse(asOf), knownAt: Date.parse(knownAt) })),
  );

  it('gives every goal the domain’s value, disclosure and facts, asked in any order and again', () => {
    const org = goals.organizationAt({ asOf: Infinity, knownAt: Infinity });
    for (const at of instants) {
      const report = values.at(at, 'q1');
      const expected = domain(at);
      for (const ref of [...refs, ...[...refs].reverse()]) {
        const goal = goalOf(ref, at);
        const context = { at: [new Date(at.asOf).toISOString(), new Date(at.knownAt).toISOString()], goal: boundGoalKey(ref) };
        expect({ context, value: report.value(goal, ref) }).toEqual({ context, value: expected.value(goal, ref) });
        expect({ context, counted: report.counted(goal, ref) }).toEqual({ context, counted: expected.counted(goal, ref) });
        for (const viewer of [{ personId: 'sam', isAdmin: false }, { personId: 'olivia', isAdmin: true }]) {
          expect({ context, viewer, shown: report.disclosure(goal, ref, org, viewer, 3) }).toEqual({ context, viewer, shown: expected.disclosure(goal, ref, org, viewer, 3) });
        }
      }
    }
  });

  it('keeps apart goals bound alike but frozen at different positions', () => {
    const at = { asOf: Date.parse('2027-03-31T23:59:59Z'), knownAt: Date.parse('2027-04-12T00:00:00Z') };
    const report = values.at(at, 'q1');
    const [a, b] = refs;
    // a was amended up to position 3 (Rita's late deal), b stays frozen at the close (position 2).
    expect([report.value(goalOf(a, at), a), report.value(goalOf(b, at), b)]).toEqual([90, 50]);
    // As known before the amendment, both were frozen at the close.
    const before = { ...at, knownAt: Date.parse('2027-04-06T00:00:00Z') };
    expect([values.at(before, 'q1').value(goalOf(a, before), a), values.at(before, 'q1').value(goalOf(b, before), b)]).toEqual([50, 50]);
  });
});
