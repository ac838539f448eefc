import { OrganizationEvent } from '@okr/goals-domain';
import { stateAfter } from '@okr/testing';
import { canSeeIndividualTarget } from './individual-target-visibility';
import { organizationDecider } from './organization.decider';

const events: OrganizationEvent[] = [
  { type: 'UnitCreated', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null } },
  { type: 'UnitCreated', data: { unitId: 'sales', name: 'Sales', kind: 'department', parentId: 'acme' } },
  { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' } },
  { type: 'UnitCreated', data: { unitId: 'us', name: 'US', kind: 'team', parentId: 'sales' } },
  { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'vp' } },
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'lars' } },
  { type: 'LeadAssigned', data: { unitId: 'us', personId: 'uma' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'rita' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'sam' } },
];
const org = stateAfter(organizationDecider, events).current;
const ritasQuota = { personId: 'rita', unitId: 'emea' };
const sees = (personId: string, isAdmin = false) => canSeeIndividualTarget(org, { personId, isAdmin }, ritasQuota);

describe('who may see an individual target', () => {
  it('the person themself', () => expect(sees('rita')).toBe(true));
  it('the lead of the unit', () => expect(sees('lars')).toBe(true));
  it('a lead of a unit above', () => expect(sees('vp')).toBe(true));
  it('an admin', () => expect(sees('olivia', true)).toBe(true));
  it('not another member of the same team', () => expect(sees('sam')).toBe(false));
  it('not the lead of a sibling team', () => expect(sees('uma')).toBe(false));
});

describe('who may see an individual target after the person moved to another team', () => {
  const moved = stateAfter(organizationDecider, [
    ...events,
    { type: 'MemberRemoved', data: { unitId: 'emea', personId: 'rita' } },
    { type: 'MemberAdded', data: { unitId: 'us', personId: 'rita' } },
  ] as OrganizationEvent[]).current;
  const seesAfterMove = (personId: string) => canSeeIndividualTarget(moved, { personId, isAdmin: false }, ritasQuota);
  it('the lead of the team the person is in now, the target from the old team included', () => expect(seesAfterMove('uma')).toBe(true));
  it('not the former lead', () => expect(seesAfterMove('lars')).toBe(false));
  it('a lead above both teams still', () => expect(seesAfterMove('vp')).toBe(true));
  it('the person still', () => expect(seesAfterMove('rita')).toBe(true));
});
