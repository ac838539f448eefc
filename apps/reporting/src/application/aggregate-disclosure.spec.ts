import { organizationDecider, OrganizationState } from '@okr/goals-domain';
import { withheldAggregates } from './aggregate-disclosure';

/** company > dept > (team-a, team-b); people are placed per test. */
function org(): OrganizationState {
  const units: [string, string | null][] = [['company', null], ['dept', 'company'], ['team-a', 'dept'], ['team-b', 'dept']];
  let state = organizationDecider.initialState();
  for (const [unitId, parentId] of units) {
    state = organizationDecider.evolve(state, { type: 'UnitCreated', data: { unitId, name: unitId, kind: parentId ? 'team' : 'company', parentId }, metadata: { effectiveAt: '2027-01-01T00:00:00Z', recordedAt: '2027-01-01T00:00:00Z' } });
  }
  return state.current;
}

const people = (entries: Record<string, string[]>) => new Map(Object.entries(entries).map(([unit, ids]) => [unit, new Set(ids)]));
const nobodySeen = () => false;

describe('withheldAggregates', () => {
  it('withholds a group smaller than the minimum', () => {
    const withheld = withheldAggregates(org(), people({ 'team-a': ['a1', 'a2', 'a3'], 'team-b': ['b1', 'b2', 'b3', 'b4'] }), 3, nobodySeen);
    expect(withheld).toEqual(new Map());
    expect(withheldAggregates(org(), people({ 'team-a': ['a1', 'a2'] }), 3, nobodySeen)).toEqual(new Map([['team-a', 'small-group'], ['dept', 'small-group'], ['company', 'small-group']]));
  });

  it('withholds the smaller shown figure below when the remainder would be a small group', () => {
    // dept (5) - team-a (3) = team-b (2): team-a goes, so that dept cannot be subtracted into team-b; company equals dept.
    const withheld = withheldAggregates(org(), people({ 'team-a': ['a1', 'a2', 'a3'], 'team-b': ['b1', 'b2'] }), 3, nobodySeen);
    expect(withheld).toEqual(new Map([['team-b', 'small-group'], ['team-a', 'difference']]));
  });

  it('counts people directly in a unit as a remainder too', () => {
    // dept has one person of its own: dept (4) - team-a (3) = 1.
    const withheld = withheldAggregates(org(), people({ dept: ['d1'], 'team-a': ['a1', 'a2', 'a3'] }), 3, nobodySeen);
    expect(withheld.get('team-a')).toBe('difference');
    expect(withheld.has('dept')).toBe(false);
  });

  it('takes what a lead already sees into account: their own unit stays, the figures above leave them too few people', () => {
    const leadOfA = (person: string) => person.startsWith('a');
    const withheld = withheldAggregates(org(), people({ 'team-a': ['a1', 'a2', 'a3'], 'team-b': ['b1', 'b2'] }), 3, leadOfA);
    expect(withheld.has('team-a')).toBe(false);
    expect(withheld.get('dept')).toBe('small-group');
    expect(withheld.get('company')).toBe('small-group');
  });

  it('judges a former lead on the people they lead today: a person who moved away counts as hidden to them', () => {
    // team-a's aggregate still counts a3, who has since moved to another lead: a3 alone would be left by subtraction.
    const leadsA1A2 = (person: string) => person === 'a1' || person === 'a2';
    const withheld = withheldAggregates(org(), people({ 'team-a': ['a1', 'a2', 'a3'], 'team-b': ['b1', 'b2', 'b3'] }), 3, leadsA1A2);
    expect(withheld.get('team-a')).toBe('small-group');
    expect(withheld.has('dept')).toBe(false); // a3 and team-b: four people they may not see
  });

  it('withholds nothing from whoever sees every row', () => {
    expect(withheldAggregates(org(), people({ 'team-a': ['a1'], 'team-b': ['b1', 'b2'] }), 3, () => true)).toEqual(new Map());
  });
});
