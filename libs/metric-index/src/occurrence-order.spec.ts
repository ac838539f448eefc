import fc from 'fast-check';
import { FactColumns } from './fact-columns';
import { OccurrenceOrder } from './occurrence-order';

describe('OccurrenceOrder', () => {
  it('sorts fact ids by (occurredAt, position) as a comparator sort does, at any length', () => {
    const order = new OccurrenceOrder();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 400 }), fc.array(fc.nat(), { maxLength: 400 }), (instants, shuffle) => {
        const columns = new FactColumns();
        // Positions unique, as in the ledger, and not in the order of the ids.
        const positions = instants.map((_, i) => i + 1).sort((a, b) => (shuffle[a % shuffle.length] ?? 0) - (shuffle[b % shuffle.length] ?? 0) || a - b);
        instants.forEach((at, i) => columns.append(positions[i], 0, 0, 1, false, 1, at, 0));
        const facts = instants.map((_, i) => i).reverse();
        const expected = [...facts].sort((a, b) => columns.occurredAt[a] - columns.occurredAt[b] || columns.position[a] - columns.position[b]);
        order.sort(facts, columns);
        expect(facts).toEqual(expected);
        expect(OccurrenceOrder.isOrdered(facts, columns)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps no large room after a long sort, and sorts again after', () => {
    const order = new OccurrenceOrder();
    const columns = new FactColumns();
    const count = 70_000;
    for (let i = 0; i < count; i++) columns.append(i + 1, 0, 0, 1, false, 1, (i * 7919) % 1000, 0);
    const facts = Array.from({ length: count }, (_, i) => count - 1 - i);
    order.sort(facts, columns);
    expect(OccurrenceOrder.isOrdered(facts, columns)).toBe(true);
    const few = [5, 3, 1000, 2];
    order.sort(few, columns);
    expect(OccurrenceOrder.isOrdered(few, columns)).toBe(true);
  });
});
