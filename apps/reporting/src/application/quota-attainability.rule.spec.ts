import { attainabilityFlag, best, FAR_ABOVE_PERSON_BEST, median } from './quota-attainability.rule';

describe('attainability flag: a quota far above anything ever attained', () => {
  // The person's best past cycle: 100,000; the unit's best: 140,000.
  const personBest = 100_000;
  const unitBest = 140_000;

  it('states its threshold as a named constant', () => expect(FAR_ABOVE_PERSON_BEST).toBe(1.5));

  it('flags a quota above 1.5× the person’s best and above the unit’s best', () =>
    expect(attainabilityFlag(150_001, personBest, unitBest)).toMatchObject({ farAboveHistory: true, basis: 'person-and-unit' }));

  it('does not flag a quota of exactly 1.5× the person’s best: the rule is strictly above', () =>
    expect(attainabilityFlag(150_000, personBest, 100_000).farAboveHistory).toBe(false));

  it('does not flag a quota someone in the unit has already reached, however far above the person’s best', () =>
    expect(attainabilityFlag(140_000, 90_000, unitBest).farAboveHistory).toBe(false));

  it('does not flag a quota above the unit’s best when the person came close to it themselves', () =>
    expect(attainabilityFlag(145_000, personBest, unitBest).farAboveHistory).toBe(false));

  it('does not flag a realistic quota', () => expect(attainabilityFlag(110_000, personBest, unitBest).farAboveHistory).toBe(false));

  it('judges on the person alone when the unit’s history is not available to the viewer', () =>
    expect(attainabilityFlag(150_001, personBest, null)).toMatchObject({ farAboveHistory: true, basis: 'person' }));

  it('judges on the unit alone for a person without history', () => {
    expect(attainabilityFlag(140_001, null, unitBest)).toMatchObject({ farAboveHistory: true, basis: 'unit' });
    expect(attainabilityFlag(140_000, null, unitBest)).toMatchObject({ farAboveHistory: false, basis: 'unit' });
  });

  it('flags nothing without any history, and says so', () => expect(attainabilityFlag(1e9, null, null)).toMatchObject({ farAboveHistory: false, basis: 'no-history' }));

  it('treats a best of 0 as history: anything above nothing attained is far above it', () =>
    expect(attainabilityFlag(1, 0, 0)).toMatchObject({ farAboveHistory: true, basis: 'person-and-unit' }));
});

describe('history figures', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
  it('takes the best value', () => {
    expect(best([3, 9, 2])).toBe(9);
    expect(best([])).toBeNull();
  });
});
