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

const contribution = (recordVersion: number, personId: string, value: number) => ({
  dataPointId: `opp-${personId}-${recordVersion}`, sourceRecordKey: `opp-${personId}`, recordVersion, subject: { type: 'person', id: personId }, operation: 'upsert', value,
  occurredAt: '2027-02-01T00:00:00.000Z', receivedAt: '2027-02-01T00:00:00.000Z', source: { system: 'salesforce', recordId: `opp-${personId}` },
});

const kpi = [
  event('kpi-won', 1, 'KpiDefined', { kpiId: 'won', unitId: 't', name: 'Won', unit: 'EUR', goal: { direction: 'increase', target: 1000 } }, '2027-01-02T00:00:00.000Z'),
  event('kpi-won', 2, 'KpiBoundToMetric', { kpiId: 'won', binding: { metric: 'sales.won', aggregation: 'sum', scope: { type: 'unit', unitId: 't', includeSubUnits: false }, window: { kind: 'all-time' } } }, '2027-01-02T00:00:00.000Z'),
  event('kpi-won', 3, 'MetricContributionRecorded', contribution(1, 'rita', 640), '2027-02-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z', 'integration:salesforce'),
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

  it('keeps a person’s metric contribution in a team KPI’s history but withholds its content from those who may not see that person’s numbers', async () => {
    const forColleague = await trail.changes('kpi', 'won', viewer('sam'));
    expect(forColleague[2]).toMatchObject({ type: 'MetricContributionRecorded', actor: 'integration:salesforce', recordedAt: '2027-02-01T00:00:00.000Z', changes: [], data: { withheld: expect.any(String) } });
    expect(JSON.stringify(forColleague)).not.toMatch(/640|opp-rita/);
    const forLead = await trail.changes('kpi', 'won', viewer('lars'));
    expect(forLead[2].data).toMatchObject({ value: 640, subject: { type: 'person', id: 'rita' } });
    expect(forLead[2].changes.length).toBeGreaterThan(0);
  });
});
