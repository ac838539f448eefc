import { BoundMetric, Contribution, organizationDecider, OrganizationEvent } from '@okr/goals-domain';
import { stateAfter } from '@okr/testing';
import { metricLineage } from './metric-lineage.view';

const people = ['rita', 'sam', 'tom', 'uma'];
const org = stateAfter<OrganizationEvent, ReturnType<typeof organizationDecider.initialState>>(organizationDecider, [
  { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: null } },
  ...people.map((personId): OrganizationEvent => ({ type: 'MemberAdded', data: { unitId: 'emea', personId } })),
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'lars' } },
]);

const contribution = (person: string, value: number): Contribution => ({
  dataPointId: `opp-${person}@1`,
  sourceRecordKey: `salesforce:opp-${person}:sales.closed_won_amount`,
  recordVersion: 1,
  subject: { type: 'person', id: person },
  operation: 'upsert',
  value,
  occurredAt: '2027-02-01T00:00:00.000Z',
  receivedAt: '2027-02-01T00:00:00.000Z',
  recordedAt: '2027-02-01T00:00:00.000Z',
  source: { system: 'salesforce', recordId: `opp-${person}` },
});

const teamKeyResult = (contributors: string[]): BoundMetric => ({
  binding: { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'emea', includeSubUnits: true }, window: { kind: 'all-time' } },
  contributions: Object.fromEntries(contributors.map((person, i) => [`salesforce:opp-${person}:sales.closed_won_amount`, contribution(person, 1000 * (i + 1))])),
  proposals: {},
});

describe('the lineage of a team number', () => {
  const at = { now: '2027-03-01T00:00:00.000Z' };
  it('lists every record to the team lead', () => {
    const lineage = metricLineage(teamKeyResult(people), at, org, { personId: 'lars', isAdmin: false });
    expect(lineage).toMatchObject({ value: 10000 });
    expect(lineage.records.map((r) => r.subject.id)).toEqual(people);
    expect(lineage).not.toHaveProperty('others');
  });
  it('shows a member their own rows and only the sum of at least minGroupSize colleagues', () => {
    const lineage = metricLineage(teamKeyResult(people), at, org, { personId: 'rita', isAdmin: false });
    expect(lineage.records.map((r) => r.subject.id)).toEqual(['rita']);
    expect(lineage.others).toEqual({ people: 3, records: 3, total: 9000 });
  });
  it('withholds even the sum when fewer colleagues than minGroupSize are behind it', () => {
    const lineage = metricLineage(teamKeyResult(['rita', 'sam', 'tom']), at, org, { personId: 'rita', isAdmin: false });
    expect(lineage.others).toEqual({ withheld: true, reason: expect.stringContaining('fewer than 3') });
    expect(JSON.stringify(lineage)).not.toMatch(/sam|tom|2000|3000/);
  });
  it('withholds the value itself from a member when fewer than minGroupSize people are behind it, not from the lead', () => {
    const member = metricLineage(teamKeyResult(['rita', 'sam']), at, org, { personId: 'rita', isAdmin: false });
    expect(member).toMatchObject({ withheld: true, reason: expect.stringContaining('fewer than 3') });
    expect(member).not.toHaveProperty('value');
    expect(JSON.stringify(member)).not.toMatch(/sam|2000|3000/);
    expect(metricLineage(teamKeyResult(['rita', 'sam']), at, org, { personId: 'lars', isAdmin: false })).toMatchObject({ value: 3000 });
  });
});
