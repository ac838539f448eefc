import { boundValueDisclosure, organizationDecider, OrganizationEvent } from '@okr/goals-domain';
import { stateAfter } from '@okr/testing';

const org = stateAfter<OrganizationEvent, ReturnType<typeof organizationDecider.initialState>>(organizationDecider, [
  { type: 'UnitCreated', data: { unitId: 'sales', name: 'Sales', kind: 'department', parentId: null } },
  { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'rita' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'sam' } },
  { type: 'MemberAdded', data: { unitId: 'emea', personId: 'tom' } },
  { type: 'LeadAssigned', data: { unitId: 'emea', personId: 'lars' } },
  { type: 'LeadAssigned', data: { unitId: 'sales', personId: 'dana' } },
]).current;

/** The people whose facts counted (a unit's own facts are not a person's). */
const counted = (...people: string[]) => ({ count: people.length, people: () => people });
const viewer = (personId: string, isAdmin = false) => ({ personId, isAdmin });
const shown = { withheld: false };
const withheld = { withheld: true, reason: expect.stringContaining('fewer than 3 people') };

describe('who may see a bound goal’s value', () => {
  it('two contributors: withheld from each of them and from a colleague who contributed nothing', () => {
    const two = counted('rita', 'sam');
    expect(boundValueDisclosure(org, viewer('rita'), two, 3)).toEqual(withheld);
    expect(boundValueDisclosure(org, viewer('sam'), two, 3)).toEqual(withheld);
    expect(boundValueDisclosure(org, viewer('tom'), two, 3)).toEqual(withheld);
  });
  it('two contributors: shown to the leads of their unit and above, and to admins', () => {
    const two = counted('rita', 'sam');
    expect(boundValueDisclosure(org, viewer('lars'), two, 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('dana'), two, 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('olivia', true), two, 3)).toEqual(shown);
  });
  it('one contributor sees the value that is only their own; no one else does', () => {
    expect(boundValueDisclosure(org, viewer('rita'), counted('rita'), 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('sam'), counted('rita'), 3)).toEqual(withheld);
  });
  it('three contributors: still withheld from each of them, who would learn the other two’s sum; shown to a member outside them', () => {
    expect(boundValueDisclosure(org, viewer('rita'), counted('rita', 'sam', 'tom'), 3)).toEqual(withheld);
    expect(boundValueDisclosure(org, viewer('uwe'), counted('rita', 'sam', 'tom'), 3)).toEqual(shown);
    expect(boundValueDisclosure(org, viewer('uwe'), counted('rita', 'sam', 'tom'), 4)).toEqual({ withheld: true, reason: expect.stringContaining('fewer than 4') });
  });

  it('a maximum, minimum or last value is one person’s number: withheld from anyone who may not see them all', () => {
    const many = counted('rita', 'sam', 'tom', 'a', 'b', 'c');
    for (const aggregation of ['max', 'min', 'last'] as const) {
      expect(boundValueDisclosure(org, viewer('uwe'), many, 3, aggregation)).toEqual({ withheld: true, reason: expect.stringContaining('one person') });
      expect(boundValueDisclosure(org, viewer('lars'), counted('rita', 'sam', 'tom'), 3, aggregation)).toEqual(shown);
    }
    expect(boundValueDisclosure(org, viewer('uwe'), many, 3, 'sum')).toEqual(shown);
  });

  it('a lead is judged on the people they do not lead: a department figure less their team leaves too few', () => {
    expect(boundValueDisclosure(org, viewer('lars'), counted('rita', 'sam', 'tom', 'x', 'y'), 3)).toEqual(withheld);
    expect(boundValueDisclosure(org, viewer('lars'), counted('rita', 'sam', 'tom', 'x', 'y', 'z'), 3)).toEqual(shown);
  });
  it('no person behind the value (only units’ own facts, or nothing): shown', () => expect(boundValueDisclosure(org, viewer('tom'), counted(), 3)).toEqual(shown));
  it('asks who the people are only when there are few', () => {
    const many = { count: 5, people: () => { throw new Error('not needed'); } };
    expect(boundValueDisclosure(org, viewer('tom'), many, 3)).toEqual(shown);
  });
});
