import { emptyTimeline, OrganizationEvent, organizationAt, OrganizationTimeline, withChange } from '@okr/goals-domain';
import { pastOrganization } from './past-organization';

const DAY = 86_400_000;
const T0 = Date.parse('2027-01-01T00:00:00.000Z');

/** A deterministic pseudo-random sequence in [0, 1). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

/** An organisation set up on day 0, then members moved, some recorded on the day, some dated back, some on the same instant as others. */
function timelineOf(seed: number): { timeline: OrganizationTimeline; instants: number[] } {
  const next = random(seed);
  const iso = (instant: number) => new Date(instant).toISOString();
  let timeline = emptyTimeline();
  const record = (event: OrganizationEvent, effective: number, recorded: number) => (timeline = withChange(timeline, event, { effectiveAt: iso(effective), recordedAt: iso(recorded) }));
  record({ type: 'UnitCreated', data: { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null } }, T0, T0);
  for (const team of ['a', 'b', 'c']) record({ type: 'UnitCreated', data: { unitId: team, name: team, kind: 'team', parentId: 'acme' } }, T0, T0);
  const teamOf = new Map<string, string>();
  for (let p = 0; p < 12; p++) {
    record({ type: 'PersonRegistered', data: { personId: `p${p}`, name: `P ${p}`, email: `p${p}@acme.test` } }, T0, T0);
    teamOf.set(`p${p}`, 'abc'[p % 3]);
    record({ type: 'MemberAdded', data: { unitId: 'abc'[p % 3], personId: `p${p}` } }, T0, T0);
  }
  const instants = [T0 - DAY, T0, T0 + 90 * DAY, Infinity];
  let recorded = T0;
  for (let move = 0; move < 25; move++) {
    recorded += Math.floor(next() * 4) * DAY; // several moves recorded at one instant, now and then
    const person = `p${Math.floor(next() * 12)}`;
    const to = 'abc'[Math.floor(next() * 3)];
    // Half are dated back by up to 30 days; one in five to the very instant of the organisation's set-up.
    const effective = next() < 0.2 ? T0 : next() < 0.5 ? Math.max(T0, recorded - Math.floor(next() * 30) * DAY) : recorded;
    record({ type: 'MemberRemoved', data: { unitId: teamOf.get(person)!, personId: person } }, effective, recorded);
    record({ type: 'MemberAdded', data: { unitId: to, personId: person } }, effective, recorded);
    teamOf.set(person, to);
    instants.push(effective, recorded, effective - 1, recorded + 1);
  }
  return { timeline, instants };
}

describe('pastOrganization: the organisation at a past knownAt, from a prefix the domain keeps', () => {
  it('equals the domain’s organizationAt at every pair of instants where a change begins or ends', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { timeline, instants } = timelineOf(seed);
      for (const asOf of instants) {
        for (const knownAt of instants) {
          const at = { asOf, knownAt };
          const [answered, folded] = [pastOrganization(timeline, at), organizationAt(timeline, at)];
          if (JSON.stringify(answered) !== JSON.stringify(folded)) expect({ seed, at, state: answered }).toEqual({ seed, at, state: folded });
        }
      }
    }
  });
});
