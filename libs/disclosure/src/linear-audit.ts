/**
 * An exact check of what a viewer can derive, for audits and tests (not for serving: it is
 * exponential in minGroupSize). Each figure the viewer obtained is a linear combination of the
 * people's private values with rational coefficients; the viewer also knows the values of the
 * people they may see. A group of people is isolated when some combination of the figures,
 * after subtracting what the viewer knows, depends on the values of that group and of no other
 * hidden person.
 */
export interface LinearFigure {
  /** Where the figure came from (route, goal, instants), to say what leaks. */
  label: string;
  /** Coefficient per person; people left out have 0. Numbers must be integers or [numerator, denominator]. */
  coefficients: ReadonlyMap<string, number | readonly [number, number]>;
}

/** The smallest group of hidden people (1 to minGroupSize - 1 of them) some combination isolates, or null. */
export function isolatedGroup(figures: readonly LinearFigure[], seesPerson: (personId: string) => boolean, minGroupSize: number): string[] | null {
  const hidden = [...new Set(figures.flatMap((figure) => [...figure.coefficients.keys()]))].filter((person) => !seesPerson(person)).sort();
  if (hidden.length === 0) return null;
  const rows = figures.map((figure) => hidden.map((person) => rational(figure.coefficients.get(person) ?? 0))).map(integerRow);
  const fullRank = rankOf(rows, hidden.map((_, column) => column));
  for (let size = 1; size < minGroupSize && size <= hidden.length; size++) {
    for (const group of combinations(hidden.length, size)) {
      const outside = hidden.map((_, column) => column).filter((column) => !group.includes(column));
      // A combination vanishing outside the group exists exactly when dropping the group's columns lowers the rank.
      if (rankOf(rows, outside) < fullRank) return group.map((column) => hidden[column]);
    }
  }
  return null;
}

type Rational = readonly [bigint, bigint];

function rational(value: number | readonly [number, number]): Rational {
  const [numerator, denominator] = typeof value === 'number' ? [value, 1] : value;
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || denominator === 0) throw new Error(`not an exact rational: ${String(value)}`);
  return [BigInt(numerator), BigInt(denominator)];
}

/** The row scaled by its denominators' product: the same span, in integers. */
function integerRow(row: Rational[]): bigint[] {
  const scale = row.reduce((product, [, denominator]) => product * (denominator < 0n ? -denominator : denominator), 1n);
  return row.map(([numerator, denominator]) => (numerator * scale) / denominator);
}

/** Rank of the rows restricted to the columns, by elimination in integers (each row kept divided by its gcd): exact. */
function rankOf(rows: bigint[][], columns: number[]): number {
  const matrix = rows.map((row) => columns.map((column) => row[column]));
  let rank = 0;
  for (let column = 0; column < columns.length && rank < matrix.length; column++) {
    const pivotRow = matrix.findIndex((row, index) => index >= rank && row[column] !== 0n);
    if (pivotRow < 0) continue;
    [matrix[rank], matrix[pivotRow]] = [matrix[pivotRow], matrix[rank]];
    const pivot = matrix[rank][column];
    for (let r = rank + 1; r < matrix.length; r++) {
      const factor = matrix[r][column];
      if (factor === 0n) continue;
      matrix[r] = reduced(matrix[r].map((value, c) => value * pivot - matrix[rank][c] * factor));
    }
    rank++;
  }
  return rank;
}

function reduced(row: bigint[]): bigint[] {
  const divisor = row.reduce((g, value) => gcd(g, value < 0n ? -value : value), 0n);
  return divisor > 1n ? row.map((value) => value / divisor) : row;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function* combinations(n: number, size: number): Generator<number[]> {
  const chosen = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    yield [...chosen];
    let i = size - 1;
    while (i >= 0 && chosen[i] === n - size + i) i--;
    if (i < 0) return;
    chosen[i]++;
    for (let j = i + 1; j < size; j++) chosen[j] = chosen[j - 1] + 1;
  }
}
