import { OrganizationEvent, organizationDecider, scopeIntervals } from '@okr/goals-domain';
import { GivenEvent, stateAfter } from '@okr/testing';

const ms = (iso: string) => Date.parse(iso);
const jan1 = '2027-01-01T00:00:00.000Z';
const feb15 = '2027-02-15T00:00:00.000Z';
const mar1 = '2027-03-01T00:00:00.000Z';
const apr10 = '2027-04-10T00:00:00.000Z';
const at = <E extends OrganizationEvent>(event: E, effectiveAt: string, recordedAt = effectiveAt): GivenEvent<E> => ({ ...event, metadata: { effectiveAt, recordedAt } });

const unit = (unitId: string, parentId: string | null, kind: 'company' | 'department' | 'team' = 'team'): OrganizationEvent => ({ type: 'UnitCreated', data: { unitId, name: unitId, kind, parentId } });
const member = (unitId: string, personId: string): OrganizationEvent => ({ type: 'MemberAdded', data: { unitId, personId } });
const leaves = (unitId: string, personId: string): OrganizationEvent => ({ type: 'MemberRemoved', data: { unitId, personId } });

const org = stateAfter(organizationDecider, [
  at(unit('acme', null, 'company'), jan1),
  at(unit('sales', 'acme', 'department'), jan1),
  at(unit('ops', 'acme', 'department'), jan1),
  at(unit('emea', 'sales'), jan1),
  at(unit('us', 'sales'), jan1),
  at(member('emea', 'rita'), jan1),
  at(member('emea', 'sam'), jan1),
  at(member('us', 'uma'), jan1),
  // Rita moves from EMEA to US on 15 February (recorded on 10 April: set up after the fact).
  at(leaves('emea', 'rita'), feb15, apr10),
  at(member('us', 'rita'), feb15, apr10),
  // US moves from Sales to Ops on 1 March.
  at({ type: 'UnitMoved', data: { unitId: 'us', parentId: 'ops', previousParentId: 'sales' } }, mar1),
]);

const person = (id: string, from = -Infinity, to = Infinity) => ({ subject: { type: 'person', id }, from, to });
const ownUnit = (id: string, from = ms(jan1), to = Infinity) => ({ subject: { type: 'unit', id }, from, to });

describe('whose facts a scope counts, and when', () => {
  it('a person scope: all of that person’s facts', () => expect(scopeIntervals(org, { type: 'person', personId: 'rita' })).toEqual([person('rita')]));

  it('a team: each member for the days they were in it, and the team’s own facts', () => {
    expect(scopeIntervals(org, { type: 'unit', unitId: 'emea', includeSubUnits: true })).toEqual([person('rita', ms(jan1), ms(feb15)), person('sam', ms(jan1)), ownUnit('emea')]);
    expect(scopeIntervals(org, { type: 'unit', unitId: 'us', includeSubUnits: true })).toEqual([person('rita', ms(feb15)), person('uma', ms(jan1)), ownUnit('us')]);
  });

  it('a department: its teams’ members while those teams sat under it', () =>
    expect(scopeIntervals(org, { type: 'unit', unitId: 'sales', includeSubUnits: true })).toEqual([
      person('rita', ms(jan1), ms(mar1)), // in EMEA, then in US while US was in Sales: one span
      person('sam', ms(jan1)),
      person('uma', ms(jan1), ms(mar1)),
      ownUnit('emea'),
      ownUnit('sales'),
      ownUnit('us', ms(jan1), ms(mar1)),
    ]));

  it('the company: everyone, once, however they moved below it', () =>
    expect(scopeIntervals(org, { type: 'unit', unitId: 'acme', includeSubUnits: true }).filter((i) => i.subject.type === 'person')).toEqual([person('rita', ms(jan1)), person('sam', ms(jan1)), person('uma', ms(jan1))]));

  it('without sub-units: only the unit’s own members and facts', () => expect(scopeIntervals(org, { type: 'unit', unitId: 'sales', includeSubUnits: false })).toEqual([ownUnit('sales')]));

  it('as known at an instant: changes recorded later are not yet known', () =>
    expect(scopeIntervals(org, { type: 'unit', unitId: 'emea', includeSubUnits: true }, ms('2027-03-31T00:00:00.000Z'))).toEqual([person('rita', ms(jan1)), person('sam', ms(jan1)), ownUnit('emea')]));
});
