import { copyOrganization, emptyOrganization, OrganizationEvent, organizationWith } from '@okr/goals-domain';

const company: OrganizationEvent = { type: 'UnitCreated', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null } };
const joins = (personId: string): OrganizationEvent => ({ type: 'MemberAdded', data: { unitId: 'acme', personId } });
const leaves = (personId: string): OrganizationEvent => ({ type: 'MemberRemoved', data: { unitId: 'acme', personId } });
const everyone = Array.from({ length: 40 }, (_, p) => `p${p}`);

describe('an organisation changed in place', () => {
  it('counts a membership once, however large the unit: a second join changes nothing, a join after leaving comes last', () => {
    const org = organizationWith(emptyOrganization(), [company, ...everyone.map(joins), joins('p3'), leaves('p5'), joins('p5'), joins('p5'), leaves('p39'), leaves('p39')]);
    expect(org.units.acme.members).toEqual([...everyone.filter((p) => p !== 'p5' && p !== 'p39'), 'p5']);
  });

  it('leaves the organisation it started from as it was', () => {
    const small = organizationWith(emptyOrganization(), [company, joins('rita'), { type: 'PersonRegistered', data: { personId: 'rita', name: 'Rita', email: 'rita@acme.test' } }]);
    const before = JSON.parse(JSON.stringify(small));
    organizationWith(small, [joins('sam'), leaves('rita'), { type: 'PersonRenamed', data: { personId: 'rita', name: 'Rita B', previousName: 'Rita' } }, { type: 'UnitRenamed', data: { unitId: 'acme', name: 'Acme Inc', previousName: 'Acme' } }]);
    expect(small).toEqual(before);
    expect(copyOrganization(small)).toEqual(small);
  });
});
