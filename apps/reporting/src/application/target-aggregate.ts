/** One person's number in a group: summed over their targets of the same metric. */
export interface PersonAttainment {
  personId: string;
  target: number;
  attained: number;
}

export interface TargetAggregate {
  metric: string;
  unit: string;
  withheld: false;
  people: number;
  totalTarget: number;
  totalAttained: number;
  /** totalAttained / totalTarget. */
  attainment: number;
  /** How many people are at or above 80 %, 100 % and 120 % of their target. */
  distribution: { atLeast80: number; atLeast100: number; atLeast120: number };
  source: 'rolled-up';
}

export interface WithheldAggregate {
  metric: string;
  unit: string;
  withheld: true;
  reason: string;
}

/** Sums a group's targets, person by person, into totals and the attainment distribution. */
export function aggregateTargets(metric: string, unit: string, people: PersonAttainment[]): TargetAggregate {
  const totalTarget = people.reduce((sum, p) => sum + p.target, 0);
  const totalAttained = people.reduce((sum, p) => sum + p.attained, 0);
  const share = (p: PersonAttainment) => (p.target > 0 ? p.attained / p.target : 0);
  const atLeast = (ratio: number) => people.filter((p) => share(p) >= ratio).length;
  return {
    metric,
    unit,
    withheld: false,
    people: people.length,
    totalTarget,
    totalAttained,
    attainment: totalTarget > 0 ? totalAttained / totalTarget : 0,
    distribution: { atLeast80: atLeast(0.8), atLeast100: atLeast(1), atLeast120: atLeast(1.2) },
    source: 'rolled-up',
  };
}
