import { boundValueDisclosure, Contribution, organizationDecider, OrganizationEvent } from '@okr/goals-domain';
import { stateAfter } from '@okr/testing';

const org = stateAfter<OrganizationEvent, ReturnType<typeof organizationDecider.initialState>>(organizationDecider, [
  { type: 'UnitCreated', data: { unitId: 'sales', name: 'Sales', kind: 'department', parentId: null } },
  { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'rita' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'sam' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'tom' } },
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'lars' } },
  { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'dana' } },
]);

const contribution = (subject: Contribution['subject'], key: string): Contribution => ({
  dataPointId: `${key}@1`,
  sourceRecordKey: key,
  recordVersion: 1,
  subject,
  operation: 'upsert',
  value: 10,
  occurredAt: '2027-02-01T00:00:00.000Z',
  receivedAt: '2027-02-01T00:00:00.000Z',
  recordedAt: '2027-02-01T00:00:00.000Z',
  source: { system: 'crm', recordId: key },
});
const person = (id: string, key = id) => contribution({ type: 'person', id }, key);
const viewer = (personId: string, isAdmin = false) => ({ personId, isAdmin });
const shown = { withheld: false };
const withheld = { withheld: true, reason: expect.stringContaining('fewer than 3 people') };

describe('who may see a bound goal’s value', () => {
  it('two contributors: withheld from each of them and from a colleague who contributed nothing', () => {
    const two = [person('rita'), person('sam'), person('sam', 'second-deal')];
    expect(boundValueDisclosure(org, viewer('rita'), two, 3)).toEqual(withheld);
    expect(boundValueDisclosure(org, viewer('sam'), two, 3)).toEqual(withheld);
    expect(boundValueDisclosure(org, viewer('tom'), two, 3)).toEqual(withheld);
  });
  it('two contributors: shown to the leads of their unit and above, and to admins', () => {
    const two = [person('rita'), person('sam')];
    expect(boundValueDisclosure(org, viewer('lars'), two, 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('dana'), two, 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('olivia', true), two, 3)).toEqual(shown);
  });
  it('one contributor sees the value that is only their own; no one else does', () => {
    expect(boundValueDisclosure(org, viewer('rita'), [person('rita')], 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('sam'), [person('rita')], 3)).toEqual(withheld);
  });
  it('three distinct contributors or more: shown to every member', () => {
    const three = [person('rita'), person('sam'), person('tom')];
    expect(boundValueDisclosure(org, viewer('rita'), three, 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('rita'), three, 4)).toEqual({ withheld: true, reason: expect.stringContaining('fewer than 4') });
  });
  it('a unit’s own records are public: they neither count as people nor hide anything', () => {
    expect(boundValueDisclosure(org, viewer('tom'), [contribution({ type: 'unit', id: 'emea' }, 'u1')], 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('tom'), [contribution({ type: 'unit', id: 'emea' }, 'u1'), person('rita'), person('sam')], 3)).toEqual(withheld);
    expect(boundValueDisclosure(org, viewer('tom'), [], 3)).toEqual(shown);
  });
});
