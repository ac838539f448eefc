import { withRoom } from './column-growth';
import { FactColumns } from './fact-columns';

/** Runs this short are sorted by insertion before they are merged. */
const RUN = 16;
/** Room kept between sorts, in facts (about 1.5 MiB). */
const KEPT = 1 << 16;

/**
 * Sorts fact ids by (occurredAt, position), the order of a series, without a comparator function:
 * the keys are copied into typed arrays once, runs of 16 are sorted by insertion, then merged
 * bottom-up between two sets of arrays. A first settle after a load sorts every series' facts,
 * a million in all. One instance is reused.
 */
export class OccurrenceOrder {
  private occurredAt = new Float64Array(256);
  private position = new Uint32Array(256);
  private fact = new Int32Array(256);
  private otherOccurredAt = new Float64Array(256);
  private otherPosition = new Uint32Array(256);
  private otherFact = new Int32Array(256);

  /** Whether facts[0, count) are in (occurredAt, position) order. */
  static isOrdered(facts: readonly number[], columns: FactColumns): boolean {
    const { occurredAt, position } = columns;
    for (let i = 1; i < facts.length; i++) {
      const a = occurredAt[facts[i - 1]];
      const b = occurredAt[facts[i]];
      if (a > b || (a === b && position[facts[i - 1]] > position[facts[i]])) return false;
    }
    return true;
  }

  /** Sorts `facts` in place. */
  sort(facts: number[], columns: FactColumns): void {
    const count = facts.length;
    if (count < 2) return;
    this.reserve(count);
    let occurredAt = this.occurredAt;
    let position = this.position;
    let fact = this.fact;
    for (let i = 0; i < count; i++) {
      const id = facts[i];
      occurredAt[i] = columns.occurredAt[id];
      position[i] = columns.position[id];
      fact[i] = id;
    }
    for (let start = 0; start < count; start += RUN) insertionSort(occurredAt, position, fact, start, Math.min(start + RUN, count));
    let toOccurredAt = this.otherOccurredAt;
    let toPosition = this.otherPosition;
    let toFact = this.otherFact;
    for (let width = RUN; width < count; width *= 2) {
      for (let start = 0; start < count; start += 2 * width) {
        const middle = Math.min(start + width, count);
        const end = Math.min(start + 2 * width, count);
        let left = start;
        let right = middle;
        let target = start;
        while (left < middle && right < end) {
          if (before(occurredAt[right], position[right], occurredAt[left], position[left])) {
            toOccurredAt[target] = occurredAt[right];
            toPosition[target] = position[right];
            toFact[target++] = fact[right++];
          } else {
            toOccurredAt[target] = occurredAt[left];
            toPosition[target] = position[left];
            toFact[target++] = fact[left++];
          }
        }
        for (; left < middle; left++, target++) {
          toOccurredAt[target] = occurredAt[left];
          toPosition[target] = position[left];
          toFact[target] = fact[left];
        }
        for (; right < end; right++, target++) {
          toOccurredAt[target] = occurredAt[right];
          toPosition[target] = position[right];
          toFact[target] = fact[right];
        }
      }
      [occurredAt, toOccurredAt] = [toOccurredAt, occurredAt];
      [position, toPosition] = [toPosition, position];
      [fact, toFact] = [toFact, fact];
    }
    for (let i = 0; i < count; i++) facts[i] = fact[i];
    if (count > KEPT) this.reserve(0); // the room of a rare long sort is not kept
  }

  private reserve(count: number): void {
    if (count === 0) {
      for (const key of ['occurredAt', 'otherOccurredAt'] as const) this[key] = new Float64Array(256);
      for (const key of ['position', 'otherPosition'] as const) this[key] = new Uint32Array(256);
      for (const key of ['fact', 'otherFact'] as const) this[key] = new Int32Array(256);
      return;
    }
    if (count <= this.fact.length) return;
    this.occurredAt = withRoom(this.occurredAt, count);
    this.position = withRoom(this.position, count);
    this.fact = withRoom(this.fact, count);
    this.otherOccurredAt = withRoom(this.otherOccurredAt, count);
    this.otherPosition = withRoom(this.otherPosition, count);
    this.otherFact = withRoom(this.otherFact, count);
  }
}

/** (a, aPosition) comes strictly before (b, bPosition). */
function before(a: number, aPosition: number, b: number, bPosition: number): boolean {
  return a < b || (a === b && aPosition < bPosition);
}

function insertionSort(occurredAt: Float64Array, position: Uint32Array, fact: Int32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const at = occurredAt[i];
    const p = position[i];
    const f = fact[i];
    let j = i - 1;
    while (j >= from && before(at, p, occurredAt[j], position[j])) {
      occurredAt[j + 1] = occurredAt[j];
      position[j + 1] = position[j];
      fact[j + 1] = fact[j];
      j--;
    }
    occurredAt[j + 1] = at;
    position[j + 1] = p;
    fact[j + 1] = f;
  }
}
