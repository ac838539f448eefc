import { Audience, Figure, Withholding } from './figure';

/**
 * The one rule deciding which figures of one quantity a viewer is shown. Its guarantee: from the
 * figures shown (added, subtracted or scaled in any way) and the values the viewer may see one by
 * one, no combination depends on the values of fewer than minGroupSize people the viewer may not
 * see, unless it depends on none of them.
 *
 * Why it holds: the people the viewer may not see fall into cells, one per distinct set of shown
 * figures they are counted in. Every shown figure adds whole cells (plus people the viewer sees,
 * who can be subtracted), so every combination gives each person of a cell the same weight and
 * depends on whole cells or on nobody hidden. The rule shows a figure only while every cell has
 * at least minGroupSize people:
 *  - primary suppression: a sum over 1 to minGroupSize - 1 hidden people, and any pick over a hidden
 *    person, is withheld;
 *  - complementary suppression: while a cell is too small, it is joined to the neighbour it differs
 *    from in the fewest figures (or to the people counted nowhere, when that takes fewer), by
 *    withholding the narrowest of those figures, until every cell is large enough.
 */
export function discloseFigures(given: readonly Figure[], audience: Audience, minGroupSize: number): Map<string, Withholding> {
  // In id order, whatever order they came in: every service judging the same figures decides the same.
  const figures = [...given].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const withheld = new Map<string, Withholding>();
  const hiddenOf = new Map<string, string[]>();
  for (const figure of figures) {
    const hidden = [...figure.people].filter((person) => !audience.seesPerson(person)).sort();
    hiddenOf.set(figure.id, hidden);
    if (hidden.length === 0) continue;
    if (figure.kind === 'pick') withheld.set(figure.id, 'single-person');
    else if (hidden.length < minGroupSize) withheld.set(figure.id, 'small-group');
  }
  const narrowness = (figure: Figure) => hiddenOf.get(figure.id)!.length;
  for (;;) {
    const shown = figures.filter((figure) => !withheld.has(figure.id) && hiddenOf.get(figure.id)!.length > 0);
    const cells = cellsOf(shown, hiddenOf);
    const small = cells.filter((cell) => cell.people.length < minGroupSize).sort((a, b) => a.people.length - b.people.length)[0];
    if (!small) return withheld;
    let edge = small.figures;
    for (const neighbour of cells) {
      if (neighbour === small) continue;
      const between = symmetricDifference(small.figures, neighbour.figures);
      if (between.length <= edge.length) edge = between; // on a tie, keep the wider figure shown
    }
    const narrowest = edge.reduce((a, b) => (narrowness(b) < narrowness(a) ? b : a));
    withheld.set(narrowest.id, 'difference');
  }
}

interface Cell {
  people: string[];
  figures: Figure[];
}

/** The hidden people grouped by the exact set of shown figures they are counted in. */
function cellsOf(shown: readonly Figure[], hiddenOf: Map<string, string[]>): Cell[] {
  const membership = new Map<string, number[]>();
  shown.forEach((figure, index) => {
    for (const person of hiddenOf.get(figure.id)!) {
      const of = membership.get(person);
      if (of) of.push(index);
      else membership.set(person, [index]);
    }
  });
  const cells = new Map<string, Cell>();
  for (const [person, indexes] of membership) {
    const key = indexes.join(',');
    const cell = cells.get(key);
    if (cell) cell.people.push(person);
    else cells.set(key, { people: [person], figures: indexes.map((index) => shown[index]) });
  }
  return [...cells.values()];
}

function symmetricDifference(a: readonly Figure[], b: readonly Figure[]): Figure[] {
  return [...a.filter((figure) => !b.includes(figure)), ...b.filter((figure) => !a.includes(figure))];
}
