import { canSeeContribution, organizationDecider, OrganizationEvent, scopeCovers } from '@okr/goals-domain';
import { stateAfter } from '@okr/testing';

const org = stateAfter<OrganizationEvent, ReturnType<typeof organizationDecider.initialState>>(organizationDecider, [
  { type: 'UnitCreated', data: { unitId: 'sales', name: 'Sales', kind: 'department', parentId: null } },
  { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' } },
  { type: 'UnitCreated', data: { unitId: 'us', name: 'US', kind: 'team', parentId: 'sales' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'rita' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'sam' } },
  { type: 'MemberAdded', data: { unitId: 'us', personId: 'uma' } },
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'lars' } },
  { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'dana' } },
]);

describe('which goals a data point reaches', () => {
  const rita = { type: 'person' as const, id: 'rita' };
  it('a person scope takes that person’s own points only', () => {
    expect(scopeCovers(org, { type: 'person', personId: 'rita' }, rita)).toBe(true);
    expect(scopeCovers(org, { type: 'person', personId: 'sam' }, rita)).toBe(false);
    expect(scopeCovers(org, { type: 'person', personId: 'emea' }, { type: 'unit', id: 'emea' })).toBe(false);
  });
  it('a unit scope takes its members’ points, and its sub-units’ only when asked', () => {
    expect(scopeCovers(org, { type: 'unit', unitId: 'emea', includeSubUnits: false }, rita)).toBe(true);
    expect(scopeCovers(org, { type: 'unit', unitId: 'us', includeSubUnits: false }, rita)).toBe(false);
    expect(scopeCovers(org, { type: 'unit', unitId: 'sales', includeSubUnits: false }, rita)).toBe(false);
    expect(scopeCovers(org, { type: 'unit', unitId: 'sales', includeSubUnits: true }, rita)).toBe(true);
    expect(scopeCovers(org, { type: 'unit', unitId: 'sales', includeSubUnits: true }, { type: 'unit', id: 'us' })).toBe(true);
  });
});

describe('who may see one person’s contribution', () => {
  const viewer = (personId: string, isAdmin = false) => ({ personId, isAdmin });
  it('the person, the leads of their unit and above, and admins; not a colleague', () => {
    const rita = { type: 'person' as const, id: 'rita' };
    expect(canSeeContribution(org, viewer('rita'), rita)).toBe(true);
    expect(canSeeContribution(org, viewer('lars'), rita)).toBe(true);
    expect(canSeeContribution(org, viewer('dana'), rita)).toBe(true);
    expect(canSeeContribution(org, viewer('olivia', true), rita)).toBe(true);
    expect(canSeeContribution(org, viewer('sam'), rita)).toBe(false);
    expect(canSeeContribution(org, viewer('lars'), { type: 'person', id: 'uma' })).toBe(false);
  });
  it('a unit’s own contribution is not private', () => expect(canSeeContribution(org, viewer('sam'), { type: 'unit', id: 'emea' })).toBe(true));
});
