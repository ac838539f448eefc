import { NotFoundError, OrganizationEvent, organizationAt, RuleViolationError } from '@okr/goals-domain';
import { at, DeciderSpecification, GivenEvent, stateAfter } from '@okr/testing';
import { organizationDecider } from './organization.decider';

const spec = DeciderSpecification.for(organizationDecider);
const today = '2027-04-10T09:00:00.000Z';
const jan1 = '2027-01-01T00:00:00.000Z';
const feb15 = '2027-02-15T00:00:00.000Z';
/** Recorded today, true since `effectiveAt`: a company setting up last quarter. */
const since = <E extends OrganizationEvent>(event: E, effectiveAt: string, recordedAt = today): GivenEvent<E> => ({ ...event, metadata: { effectiveAt, recordedAt } });

const acme: OrganizationEvent = { type: 'UnitCreated', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null } };
const emea: OrganizationEvent = { type: 'UnitCreated', data: { unitId: 'emea', name: 'EMEA', kind: 'team', parentId: 'acme' } };
const us: OrganizationEvent = { type: 'UnitCreated', data: { unitId: 'us', name: 'US', kind: 'team', parentId: 'acme' } };
const rita: OrganizationEvent = { type: 'PersonRegistered', data: { personId: 'rita', name: 'Rita', email: 'rita@acme.test' } };
const ritaInEmea: OrganizationEvent = { type: 'MemberAdded', data: { unitId: 'emea', personId: 'rita' } };
const lastQuarter = [since(acme, jan1), since(emea, jan1), since(us, jan1), since(rita, jan1), since(ritaInEmea, jan1)];

describe('the organisation in valid time', () => {
  it('takes any command effective in the past, judged on the organisation as it was then', () =>
    spec.given(lastQuarter).when({ type: 'RemoveMember', data: { unitId: 'emea', personId: 'rita' }, context: at(today, feb15) }).then([
      { type: 'MemberRemoved', data: { unitId: 'emea', personId: 'rita' } },
    ]));

  it('refuses a command about a unit that did not exist yet at its effective time', () =>
    spec
      .given([since(acme, jan1), since(emea, feb15), since(rita, jan1)])
      .when({ type: 'AddMember', data: { unitId: 'emea', personId: 'rita' }, context: at(today, jan1) })
      .thenThrows(NotFoundError, /emea does not exist/, 'unitId'));

  it('refuses a backdated change that a change already recorded, effective later, contradicts', () => {
    const sam: OrganizationEvent = { type: 'PersonRegistered', data: { personId: 'sam', name: 'Sam', email: 'sam@acme.test' } };
    const samJoinsInMarch = since({ type: 'MemberAdded', data: { unitId: 'emea', personId: 'sam' } }, '2027-03-01T00:00:00.000Z');
    spec
      .given([...lastQuarter, since(sam, jan1), samJoinsInMarch])
      .when({ type: 'ArchiveUnit', data: { unitId: 'emea' }, context: at(today, feb15) })
      .thenThrows(RuleViolationError, /contradict a change already recorded: MemberAdded effective 2027-03-01T00:00:00.000Z \(unit emea is archived\)/, 'effectiveAt');
  });

  it('accepts a backdated change that later changes repeat, without counting a membership twice', () => {
    const state = stateAfter(organizationDecider, [
      since(acme, jan1),
      since(emea, jan1),
      since(rita, jan1),
      since(ritaInEmea, feb15, '2027-02-15T00:00:00.000Z'),
      since(ritaInEmea, jan1),
    ]);
    expect(state.current.units.emea.members).toEqual(['rita']);
    expect(organizationAt(state, { asOf: Date.parse('2027-01-10T00:00:00.000Z') }).units.emea.members).toEqual(['rita']);
  });

  it('reads the organisation as of an instant and as known at an instant', () => {
    const move = [since({ type: 'MemberRemoved', data: { unitId: 'emea', personId: 'rita' } }, feb15), since({ type: 'MemberAdded', data: { unitId: 'us', personId: 'rita' } }, feb15)];
    const timeline = stateAfter(organizationDecider, [...lastQuarter.map((e) => ({ ...e, metadata: { effectiveAt: jan1, recordedAt: jan1 } })), ...move]);
    const membersAt = (asOf: string, knownAt?: string) => {
      const org = organizationAt(timeline, { asOf: Date.parse(asOf), ...(knownAt ? { knownAt: Date.parse(knownAt) } : {}) });
      return { emea: org.units.emea.members, us: org.units.us.members };
    };
    expect(membersAt('2027-02-01T00:00:00.000Z')).toEqual({ emea: ['rita'], us: [] });
    expect(membersAt('2027-03-01T00:00:00.000Z')).toEqual({ emea: [], us: ['rita'] });
    // The move was recorded today: on 31 March the platform still had her in EMEA.
    expect(membersAt('2027-03-01T00:00:00.000Z', '2027-03-31T00:00:00.000Z')).toEqual({ emea: ['rita'], us: [] });
    expect(organizationAt(timeline, { asOf: Date.parse('2026-12-31T00:00:00.000Z') }).units).toEqual({});
  });
});
