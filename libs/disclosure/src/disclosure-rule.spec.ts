import fc from 'fast-check';
import { discloseFigures } from './disclosure-rule';
import { Figure } from './figure';
import { isolatedGroup, LinearFigure } from './linear-audit';

const K = 3;
const sum = (id: string, people: string[]): Figure => ({ id, kind: 'sum', people: new Set(people) });
const nobodySeen = { seesPerson: () => false };
const seeing = (...people: string[]) => ({ seesPerson: (person: string) => people.includes(person) });
const asLinear = (figures: Figure[]): LinearFigure[] => figures.map((figure) => ({ label: figure.id, coefficients: new Map([...figure.people].map((person) => [person, 1])) }));
const shownOf = (figures: Figure[], withheld: Map<string, unknown>) => figures.filter((figure) => !withheld.has(figure.id));

describe('the disclosure rule', () => {
  const a = sum('team-a', ['a1', 'a2', 'a3', 'a4']);
  const b = sum('team-b', ['b1', 'b2']);
  const department = sum('department', ['a1', 'a2', 'a3', 'a4', 'b1', 'b2']);

  it('withholds a sum over fewer than minGroupSize people the viewer may not see', () => {
    expect(discloseFigures([b], nobodySeen, K).get('team-b')).toBe('small-group');
  });

  it('withholds one figure more where two shown figures would give a small team by subtraction: the narrower one', () => {
    const withheld = discloseFigures([a, b, department], nobodySeen, K);
    expect(withheld.get('team-b')).toBe('small-group');
    expect(withheld.get('team-a')).toBe('difference');
    expect(withheld.has('department')).toBe(false);
  });

  it('counts the viewer among the people they see: a member of a team of three is not shown its total', () => {
    const team = sum('team', ['me', 'x', 'y']);
    expect(discloseFigures([team], seeing('me'), K).get('team')).toBe('small-group');
    expect(discloseFigures([sum('team', ['me', 'x', 'y', 'z'])], seeing('me'), K).has('team')).toBe(false);
  });

  it('shows a lead the figures of what they lead in full, and judges the department on the rest', () => {
    const lead = seeing('b1', 'b2');
    const withheld = discloseFigures([a, b, department], lead, K);
    expect(withheld.has('team-b')).toBe(false);
    expect(withheld.has('department')).toBe(false); // department - team b = team a: four people
  });

  it('never shows a pick (max, min, last) over someone the viewer may not see', () => {
    const biggestDeal: Figure = { id: 'max', kind: 'pick', people: new Set(['a1', 'a2', 'a3', 'a4']) };
    expect(discloseFigures([biggestDeal], nobodySeen, K).get('max')).toBe('single-person');
    expect(discloseFigures([biggestDeal], seeing('a1', 'a2', 'a3', 'a4'), K).has('max')).toBe(false);
  });

  it('lets no combination of what it shows isolate fewer than minGroupSize hidden people (exact elimination), for any figures', () => {
    const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];
    const figureSets = fc.array(fc.subarray(people, { minLength: 1 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(figureSets, fc.subarray(people), fc.integer({ min: 2, max: 4 }), (sets, seen, k) => {
        const figures = sets.map((set, i) => sum(`f${i}`, set));
        const audience = seeing(...seen);
        const shown = shownOf(figures, discloseFigures(figures, audience, k));
        expect(isolatedGroup(asLinear(shown), audience.seesPerson, k)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('the exact audit', () => {
  it('catches what primary suppression alone lets through, so the rule above is tested by something that can fail', () => {
    const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
    const primaryOnly = (figures: Figure[], k: number) => figures.filter((figure) => figure.people.size >= k);
    const run = fc.check(
      fc.property(fc.array(fc.subarray(people, { minLength: 1 }), { minLength: 2, maxLength: 5 }), (sets) => {
        const figures = sets.map((set, i) => sum(`f${i}`, set));
        return isolatedGroup(asLinear(primaryOnly(figures, K)), () => false, K) === null;
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(run.failed).toBe(true);
  });

  it('finds the person two shown sums give away by subtraction', () => {
    expect(isolatedGroup(asLinear([sum('d', ['a', 'b', 'c', 'x']), sum('t', ['a', 'b', 'c'])]), () => false, K)).toEqual(['x']);
  });

  it('finds a pair isolated by three figures none of which is small', () => {
    const figures = asLinear([sum('1', ['a', 'b', 'c', 'd']), sum('2', ['c', 'd', 'e', 'f']), sum('3', ['a', 'b', 'e', 'f', 'g', 'h'])]);
    // To someone who sees nobody, no combination leaves fewer than three people; to someone who sees a and b, 1 leaves c and d.
    expect(isolatedGroup(figures, () => false, K)).toBeNull();
    expect(isolatedGroup(figures, (person) => person === 'a' || person === 'b', K)).toEqual(['c', 'd']);
  });

  it('handles rational coefficients (a mean is a sum over a count)', () => {
    const mean: LinearFigure = { label: 'mean', coefficients: new Map([['a', [1, 4]], ['b', [1, 4]], ['c', [1, 4]], ['d', [1, 4]]] as const) };
    expect(isolatedGroup([mean, ...asLinear([sum('abc', ['a', 'b', 'c'])])], () => false, K)).toEqual(['d']);
  });
});
