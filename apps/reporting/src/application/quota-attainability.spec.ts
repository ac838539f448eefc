import { MetricIndex } from '@okr/metric-index';
import { ReportValues } from './report-values';
import { NotFoundError } from '@okr/goals-domain';
import { EmbeddedReadStore } from '@okr/read-store';
import { GoalHistories } from '../history/goal-histories';
import { GOAL_EVENTS_COLLECTION, StoredGoalEvent } from '../history/stored-goal-event';
import { QuotaAttainability } from './quota-attainability';
import { QuotaTable } from './quota-table';

const versions = new Map<string, number>();
let position = 0;
const event = (streamId: string, type: string, data: Record<string, unknown>, recordedAt: string): StoredGoalEvent => {
  const streamVersion = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, streamVersion);
  return { _id: `${streamId}@${streamVersion}`, streamId, streamVersion, globalPosition: ++position, type, data, actor: 'olivia', effectiveAt: recordedAt, recordedAt };
};
const org = (type: string, data: Record<string, unknown>, at = '2027-01-01T08:00:00.000Z') => event('organization', type, data, at);
const quota = (targetId: string, unitId: string, cycleId: string, targetValue: number, at: string) =>
  event(`target-${targetId}`, 'TargetSet', { targetId, personId: 'mo', unitId, cycleId, metric: 'sales.won', unit: 'EUR', targetValue, visibility: 'private' }, at);

/** Mo sold in North (led by Nora) in p1, 150 against 100, then moved to South (led by Sid), where p2 asks 400 of him. */
async function movedSeller() {
  const events = [
    org('UnitCreated', { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null }),
    org('UnitCreated', { unitId: 'north', name: 'North', kind: 'team', parentId: 'acme' }),
    org('UnitCreated', { unitId: 'south', name: 'South', kind: 'team', parentId: 'acme' }),
    ...['mo', 'nora', 'sid'].map((personId) => org('PersonRegistered', { personId, name: personId, email: `${personId}@acme.test` })),
    org('LeadAssigned', { unitId: 'north', personId: 'nora' }),
    org('LeadAssigned', { unitId: 'south', personId: 'sid' }),
    org('MemberAdded', { unitId: 'north', personId: 'mo' }),
    event('cycle-p1', 'CycleDefined', { cycleId: 'p1', name: 'P1', kind: 'custom', startsOn: '2027-01-01', endsOn: '2027-03-31' }, '2027-01-01T09:00:00.000Z'),
    quota('p1-mo', 'north', 'p1', 100, '2027-01-02T09:00:00.000Z'),
    event('target-p1-mo', 'TargetCheckInRecorded', { value: 150, confidence: 'on-track' }, '2027-03-30T09:00:00.000Z'),
    org('MemberRemoved', { unitId: 'north', personId: 'mo' }, '2027-04-01T08:00:00.000Z'),
    org('MemberAdded', { unitId: 'south', personId: 'mo' }, '2027-04-01T08:00:00.000Z'),
    event('cycle-p2', 'CycleDefined', { cycleId: 'p2', name: 'P2', kind: 'custom', startsOn: '2027-04-01', endsOn: '2027-06-30' }, '2027-04-01T09:00:00.000Z'),
    quota('p2-mo', 'south', 'p2', 400, '2027-04-02T09:00:00.000Z'),
  ];
  const histories = new GoalHistories();
  const readStore = new EmbeddedReadStore();
  for (const e of events) {
    histories.add(e);
    await readStore.collection<StoredGoalEvent>(GOAL_EVENTS_COLLECTION).upsert(e);
  }
  const values = new ReportValues(histories, new MetricIndex(), { now: () => new Date(NOW.asOf) });
  return new QuotaAttainability(new QuotaTable(histories, values, 3), histories, readStore);
}

const NOW = { asOf: Date.parse('2027-04-10T00:00:00Z'), knownAt: Date.parse('2027-04-10T00:00:00Z') };
const as = (personId: string, isAdmin = false) => ({ personId, isAdmin });

describe('attainability of a quota, for who may see it', () => {
  it('judges the quota against every past quota of the person, wherever it was, for an admin and for the person', async () => {
    const attainability = await movedSeller();
    for (const viewer of [as('olivia', true), as('mo')]) {
      const check = await attainability.forTarget('p2-mo', undefined, NOW, viewer);
      expect(check.person.cycles).toEqual([expect.objectContaining({ cycleId: 'p1', quota: 100, attained: 150, attainment: 1.5 })]);
      expect(check.flag).toMatchObject({ farAboveHistory: true, basis: 'person' }); // 400 > 1.5 × 150; South has no history
    }
  });

  it('gives the lead of the person’s new unit the person’s whole history, the quotas held in the former unit included', async () => {
    const check = await (await movedSeller()).forTarget('p2-mo', undefined, NOW, as('sid'));
    expect(check.person.cycles).toEqual([expect.objectContaining({ cycleId: 'p1', quota: 100, attained: 150, attainment: 1.5 })]);
    expect(check.flag).toMatchObject({ farAboveHistory: true, basis: 'person' });
  });

  it('does not find the quota for the lead of the person’s former unit, as if it did not exist', async () => {
    const attainability = await movedSeller();
    await expect(attainability.forTarget('p2-mo', undefined, NOW, as('nora'))).rejects.toThrow(new NotFoundError('no quota p2-mo that you may see existed at that time', 'targetId'));
    await expect(attainability.forTarget('nothing', undefined, NOW, as('nora'))).rejects.toThrow('no quota nothing that you may see existed at that time');
  });
});
