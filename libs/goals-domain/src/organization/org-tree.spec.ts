import { OrganizationEvent } from '@okr/goals-domain';
import { stateAfter } from '@okr/testing';
import { ancestorsOf, leadsOf, subtreeOf } from './org-tree';
import { organizationDecider } from './organization.decider';

const events: OrganizationEvent[] = [
  { type: 'UnitCreated', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null } },
  { type: 'UnitCreated', data: { unitId: 'sales', name: 'Sales', kind: 'department', parentId: 'acme' } },
  { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' } },
  { type: 'UnitCreated', data: { unitId: 'nordics', name: 'Nordics', kind: 'team', parentId: 'emea' } },
  { type: 'UnitCreated', data: { unitId: 'ops', name: 'Ops', kind: 'department', parentId: 'acme' } },
  { type: 'LeadAssigned', data: { unitId: 'acme', personId: 'ceo' } },
  { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'vp' } },
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'lars' } },
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'vp' } },
  { type: 'LeadAssigned', data: { unitId: 'ops', personId: 'otto' } },
];
const org = stateAfter(organizationDecider, events).current;

describe('the unit tree', () => {
  it('lists the ancestors of a unit, nearest first', () => expect(ancestorsOf(org, 'nordics').map((u) => u.id)).toEqual(['emea', 'sales', 'acme']));
  it('gives the company no ancestors', () => expect(ancestorsOf(org, 'acme')).toEqual([]));
  it('lists a unit’s subtree: the unit and every unit below it', () => expect(subtreeOf(org, 'sales').sort()).toEqual(['emea', 'nordics', 'sales']));
  it('lists the leads of a unit and of every unit above it, each once', () => expect(leadsOf(org, 'nordics').sort()).toEqual(['ceo', 'lars', 'vp']));
  it('does not count leads of a sibling branch', () => expect(leadsOf(org, 'emea')).not.toContain('otto'));
  it('knows no leads for a unit that does not exist', () => expect(leadsOf(org, 'nowhere')).toEqual([]));
});
