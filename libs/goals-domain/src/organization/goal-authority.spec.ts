import { OrganizationEvent } from '@okr/goals-domain';
import { stateAfter } from '@okr/testing';
import { assertMayDirectGoalsOf, GoalOwner, mayDirectGoalsOf } from './goal-authority';
import { organizationDecider } from './organization.decider';
import { NotAllowedError } from '../shared/domain-error';

const events: OrganizationEvent[] = [
  { type: 'UnitCreated', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null } },
  { type: 'UnitCreated', data: { unitId: 'sales', name: 'Sales', kind: 'department', parentId: 'acme' } },
  { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' } },
  { type: 'UnitCreated', data: { unitId: 'us', name: 'US', kind: 'team', parentId: 'sales' } },
  { type: 'LeadAssigned', data: { unitId: 'acme', personId: 'ceo' } },
  { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'vp' } },
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'lars' } },
  { type: 'LeadAssigned', data: { unitId: 'us', personId: 'uma' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'rita' } },
  { type: 'MemberAdded', data: { unitId: 'us', personId: 'ulf' } },
];
const org = stateAfter(organizationDecider, events).current;
const may = (personId: string, owner: GoalOwner, isAdmin = false) => mayDirectGoalsOf(org, { personId, isAdmin }, owner);
const emea: GoalOwner = { unitId: 'emea' };
const sales: GoalOwner = { unitId: 'sales' };

describe("who may define, edit and check in on a unit's goals", () => {
  it('a member of the unit', () => expect(may('rita', emea)).toBe(true));
  it('its lead', () => expect(may('lars', emea)).toBe(true));
  it('a lead of a unit above it', () => {
    expect(may('vp', emea)).toBe(true);
    expect(may('ceo', sales)).toBe(true);
  });
  it('an admin of no unit', () => expect(may('olivia', emea, true)).toBe(true));
  it('not a member of a sibling team', () => expect(may('ulf', emea)).toBe(false));
  it('not the lead of a sibling team', () => expect(may('uma', emea)).toBe(false));
  it('not a member of a team below, for the department', () => expect(may('rita', sales)).toBe(false));
  it('not a lead of a team below, for the department', () => expect(may('lars', sales)).toBe(false));
  it('nobody but admins for a unit that does not exist', () => {
    expect(may('lars', { unitId: 'apac' })).toBe(false);
    expect(may('olivia', { unitId: 'apac' }, true)).toBe(true);
  });
});

describe("who may direct a person's own goal", () => {
  const ritas: GoalOwner = { personId: 'rita' };
  it('the person', () => expect(may('rita', ritas)).toBe(true));
  it('the leads of their unit and above', () => {
    expect(may('lars', ritas)).toBe(true);
    expect(may('vp', ritas)).toBe(true);
  });
  it('not a lead of another team', () => expect(may('uma', ritas)).toBe(false));
  it('not a peer', () => expect(may('ulf', ritas)).toBe(false));
});

describe('assertMayDirectGoalsOf', () => {
  it('refuses with a NotAllowedError that says who may', () => {
    expect(() => assertMayDirectGoalsOf(org, { personId: 'ulf', isAdmin: false }, emea)).toThrow(NotAllowedError);
    expect(() => assertMayDirectGoalsOf(org, { personId: 'ulf', isAdmin: false }, emea)).toThrow('its members, its leads and the leads above it and admins');
  });
});
