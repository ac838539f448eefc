import { distributionOf } from './quota-distribution';
import { QuotaRow } from './quota-table';

const row = (personId: string, originalTarget: number, currentTarget: number, value: number, targetId = `q-${personId}`): QuotaRow => ({
  targetId,
  personId,
  personName: personId,
  unitId: 'sales',
  metric: 'sales.closed_won_amount',
  unit: 'EUR',
  originalTarget,
  currentTarget,
  value,
  againstOriginal: value / originalTarget,
  attainment: value / currentTarget,
  confidence: null,
  source: 'manual',
  revisions: [],
});

describe('quota attainment distribution', () => {
  it('puts a person at exactly 80 %, 100 % or 120 % in that band, and one just below out of it', () => {
    const figures = distributionOf([row('a', 100, 100, 80), row('b', 100, 100, 79.99), row('c', 100, 100, 100), row('d', 100, 100, 120), row('e', 100, 100, 119.99)]);
    expect(figures).toMatchObject({
      withheld: false,
      people: 5,
      againstRevised: { atLeast80: { count: 4, share: 0.8 }, atLeast100: { count: 3, share: 0.6 }, atLeast120: { count: 1, share: 0.2 } },
    });
  });

  it('judges against the original and the revised quota separately: a lowered quota lifts a person into higher bands only against the revised one', () => {
    const figures = distributionOf([row('a', 100, 80, 80), row('b', 100, 100, 50), row('c', 100, 125, 120)]);
    expect(figures).toMatchObject({
      againstRevised: { attainment: 250 / 305, atLeast80: { count: 2 }, atLeast100: { count: 1 }, atLeast120: { count: 0 } },
      againstOriginal: { attainment: 250 / 300, atLeast80: { count: 2 }, atLeast100: { count: 1 }, atLeast120: { count: 1 } },
    });
  });

  it('counts a person with two quotas of the metric once, on their sums', () => {
    const figures = distributionOf([row('a', 50, 50, 60, 'q-a1'), row('a', 50, 50, 40, 'q-a2'), row('b', 100, 100, 0)]);
    expect(figures).toMatchObject({ people: 2, againstRevised: { atLeast100: { count: 1, share: 0.5 }, atLeast120: { count: 0 } } });
  });
});
