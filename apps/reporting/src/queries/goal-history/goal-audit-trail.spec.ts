import { NotFoundError } from '@okr/goals-domain';
import { EmbeddedReadStore } from '@okr/read-store';
import { GoalHistories } from '../../history/goal-histories';
import { GOAL_EVENTS_COLLECTION, StoredGoalEvent } from '../../history/stored-goal-event';
import { GoalAuditTrail } from './goal-audit-trail';

let position = 0;
const event = (streamId: string, streamVersion: number, type: string, data: Record<string, unknown>, recordedAt: string, effectiveAt = recordedAt, actor = 'olivia'): StoredGoalEvent => ({
  _id: `${streamId}@${streamVersion}`, streamId, streamVersion, globalPosition: ++position, type, data, actor, effectiveAt, recordedAt,
});

const organization = [
  ['UnitCreated', { unitId: 't', name: 'Team', kind: 'team', parentId: null }],
  ['PersonRegistered', { personId: 'lars', name: 'Lars', email: 'lars@acme.test' }],
  ['PersonRegistered', { personId: 'rita', name: 'Rita', email: 'rita@acme.test' }],
  ['PersonRegistered', { personId: 'sam', name: 'Sam', email: 'sam@acme.test' }],
  ['LeadAssigned', { unitId: 't', personId: 'lars' }],
  ['MemberAdded', { unitId: 't', personId: 'rita' }],
  ['MemberAdded', { unitId: 't', personId: 'sam' }],
].map(([type, data], index) => event('organization', index + 1, type as string, data as Record<string, unknown>, '2027-01-01T00:00:00.000Z'));

const target = [
  event('target-q-rita', 1, 'TargetSet', { targetId: 'q-rita', personId: 'rita', unitId: 't', cycleId: 'q1', metric: 'sales.won', unit: 'EUR', targetValue: 100, visibility: 'private' }, '2027-01-02T00:00:00.000Z'),
  event('target-q-rita', 2, 'TargetCheckInRecorded', { value: 40, confidence: 'on-track' }, '2027-02-02T00:00:00.000Z', '2027-02-01T00:00:00.000Z', 'rita'),
  event('target-q-rita', 3, 'TargetRevised', { targetValue: 80, previousTargetValue: 100, reason: 'territory moved' }, '2027-02-10T00:00:00.000Z', '2027-02-10T00:00:00.000Z', 'lars'),
];

const kpi = [
  event('kpi-won', 1, 'KpiDefined', { kpiId: 'won', unitId: 't', name: 'Won', unit: 'EUR', goal: { direction: 'increase', target: 1000 } }, '2027-01-02T00:00:00.000Z'),
  event('kpi-won', 2, 'KpiBoundToMetric', { kpiId: 'won', binding: { metric: 'sales.won', aggregation: 'sum', scope: { type: 'unit', unitId: 't', includeSubUnits: false }, window: { kind: 'all-time' } }, previous: null }, '2027-01-03T00:00:00.000Z', '2027-01-02T00:00:00.000Z'),
];

describe('GoalAuditTrail: a goal’s changes from the events reporting keeps', () => {
  let trail: GoalAuditTrail;

  beforeAll(async () => {
    const readStore = new EmbeddedReadStore();
    const histories = new GoalHistories();
    for (const stored of [...organization, ...target, ...kpi]) {
      await readStore.collection<StoredGoalEvent>(GOAL_EVENTS_COLLECTION).upsert(stored);
      histories.add(stored);
    }
    trail = new GoalAuditTrail(readStore, histories);
  });

  const viewer = (personId: string, isAdmin = false) => ({ personId, isAdmin });

  it('lists each change of a target with its actor, both times, reason and what it changed', async () => {
    const changes = await trail.changes('target', 'q-rita', viewer('rita'));
    expect(changes.map((c) => [c.version, c.type, c.actor, c.recordedAt, c.effectiveAt, c.reason])).toEqual([
      [1, 'TargetSet', 'olivia', '2027-01-02T00:00:00.000Z', '2027-01-02T00:00:00.000Z', null],
      [2, 'TargetCheckInRecorded', 'rita', '2027-02-02T00:00:00.000Z', '2027-02-01T00:00:00.000Z', null],
      [3, 'TargetRevised', 'lars', '2027-02-10T00:00:00.000Z', '2027-02-10T00:00:00.000Z', 'territory moved'],
    ]);
    expect(changes[2].changes).toEqual(expect.arrayContaining([{ path: 'currentTarget', from: 100, to: 80 }]));
    expect(changes[1].changes).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'latestCheckIn', from: null, to: expect.objectContaining({ value: 40 }) })]));
  });

  it('gives an individual target’s history to the person, their lead and admins, and a 404 to a colleague as to a target that does not exist', async () => {
    await expect(trail.changes('target', 'q-rita', viewer('lars'))).resolves.toHaveLength(3);
    await expect(trail.changes('target', 'q-rita', viewer('olivia', true))).resolves.toHaveLength(3);
    await expect(trail.changes('target', 'q-rita', viewer('sam'))).rejects.toThrow(new NotFoundError('target q-rita does not exist'));
    await expect(trail.changes('target', 'q-nobody', viewer('olivia', true))).rejects.toThrow(NotFoundError);
  });

  it('lists only what had been recorded by knownAt', async () => {
    const changes = await trail.changes('target', 'q-rita', viewer('rita'), Date.parse('2027-02-05T00:00:00.000Z'));
    expect(changes.map((c) => c.type)).toEqual(['TargetSet', 'TargetCheckInRecorded']);
  });

  it('lists a binding with both its times: bound on 3 January, effective from the 2nd', async () => {
    const changes = await trail.changes('kpi', 'won', viewer('sam'));
    expect(changes.map((c) => [c.type, c.recordedAt, c.effectiveAt])).toEqual([
      ['KpiDefined', '2027-01-02T00:00:00.000Z', '2027-01-02T00:00:00.000Z'],
      ['KpiBoundToMetric', '2027-01-03T00:00:00.000Z', '2027-01-02T00:00:00.000Z'],
    ]);
    expect(changes[1].changes).toEqual([{ path: 'bindings.0', to: expect.objectContaining({ effectiveAt: '2027-01-02T00:00:00.000Z' }) }]);
  });
});
