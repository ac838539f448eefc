import { boundValueDisclosure } from '@okr/goals-domain';
import { MetricBinding, organizationDecider, OrganizationEvent } from '@okr/goals-domain';
import { CountedFact } from '@okr/metric-index';
import { stateAfter } from '@okr/testing';
import { metricLineage } from './metric-lineage.view';

const people = ['rita', 'sam', 'tom', 'uma'];
const org = stateAfter<OrganizationEvent, ReturnType<typeof organizationDecider.initialState>>(organizationDecider, [
  { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: null } },
  ...people.map((personId): OrganizationEvent => ({ type: 'MemberAdded', data: { unitId: 'emea', personId } })),
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'lars' } },
]).current;

const binding: MetricBinding = { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'emea', includeSubUnits: true }, window: { kind: 'all-time' } };
const fact = (person: string, value: number, position: number): CountedFact => ({
  position,
  sourceRecordKey: `salesforce:opp-${person}:sales.closed_won_amount`,
  source: { system: 'salesforce', recordId: `opp-${person}` },
  recordVersion: 1,
  subject: { type: 'person', id: person },
  value,
  occurredAt: Date.parse('2027-02-01T00:00:00.000Z'),
  recordedAt: Date.parse('2027-02-01T00:05:00.000Z'),
});
/** The team number's facts and reading, one deal per contributor: 1000, 2000, 3000... */
const teamNumber = (contributors: string[]) => {
  const counted = contributors.map((person, i) => fact(person, 1000 * (i + 1), i + 1));
  return { reading: { value: counted.reduce((sum, f) => sum + f.value, 0), count: counted.length, people: contributors.length }, counted };
};
const lineageFor = (contributors: string[], viewer: string) => {
  const { reading, counted } = teamNumber(contributors);
  const who = { personId: viewer, isAdmin: false };
  return metricLineage(binding, reading, counted, org, who, boundValueDisclosure(org, who, { count: contributors.length, people: () => contributors }, org.policy.minGroupSize));
};

describe('the lineage of a team number', () => {
  it('lists every fact to the team lead, with its ledger position and source record', () => {
    const lineage = lineageFor(people, 'lars');
    expect(lineage).toMatchObject({ value: 10000 });
    expect(lineage.records.map((r) => r.subject.id)).toEqual(people);
    expect(lineage.records[0]).toEqual({
      dataPointId: 'salesforce:opp-rita:sales.closed_won_amount@1',
      ledgerPosition: 1,
      sourceRecordKey: 'salesforce:opp-rita:sales.closed_won_amount',
      recordVersion: 1,
      source: { system: 'salesforce', recordId: 'opp-rita' },
      subject: { type: 'person', id: 'rita' },
      value: 1000,
      occurredAt: '2027-02-01T00:00:00.000Z',
      recordedAt: '2027-02-01T00:05:00.000Z',
    });
    expect(lineage).not.toHaveProperty('others');
  });
  it('shows a member their own rows and only the sum of at least minGroupSize colleagues', () => {
    const lineage = lineageFor(people, 'rita');
    expect(lineage.records.map((r) => r.subject.id)).toEqual(['rita']);
    expect(lineage.others).toEqual({ people: 3, records: 3, total: 9000 });
  });
  it('withholds even the sum when fewer colleagues than minGroupSize are behind it', () => {
    const lineage = lineageFor(['rita', 'sam', 'tom'], 'rita');
    expect(lineage.others).toEqual({ withheld: true, reason: expect.stringContaining('fewer than 3') });
    expect(JSON.stringify(lineage)).not.toMatch(/sam|tom|2000|3000/);
  });
  it('withholds the value itself from a member when fewer than minGroupSize people are behind it, not from the lead', () => {
    const member = lineageFor(['rita', 'sam'], 'rita');
    expect(member).toMatchObject({ withheld: true, reason: expect.stringContaining('fewer than 3') });
    expect(member).not.toHaveProperty('value');
    expect(JSON.stringify(member)).not.toMatch(/sam|2000|3000/);
    expect(lineageFor(['rita', 'sam'], 'lars')).toMatchObject({ value: 3000 });
  });
});
