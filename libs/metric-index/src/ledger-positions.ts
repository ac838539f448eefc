import { withRoom } from './column-growth';

/**
 * Which ledger positions are held, and by which fact: an array over positions 1..highest (the
 * ledger's positions are dense, so about 4 bytes a fact), -1 for a gap not yet filled.
 */
export class LedgerPositions {
  private factAt = new Int32Array(1024).fill(-1);
  /** Every position 1..watermark is held. */
  watermark = 0;
  highest = 0;

  factAtPosition(position: number): number {
    return position < this.factAt.length ? this.factAt[position] : -1;
  }

  hold(position: number, fact: number): void {
    this.factAt = withRoom(this.factAt, position + 1, -1);
    this.factAt[position] = fact;
    if (position > this.highest) this.highest = position;
    while (this.watermark < this.highest && this.factAt[this.watermark + 1] >= 0) this.watermark++;
  }

  /**
   * The highest held position recorded at or before `knownAt` (0 if none). recordedAt never
   * decreases along positions: a binary search up to the watermark, where every position is held;
   * above it, where gaps may remain, a walk down the positions (short, but for a catch-up).
   */
  knownAt(knownAt: number, recordedAt: Float64Array): number {
    for (let position = this.highest; position > this.watermark; position--) {
      const fact = this.factAt[position];
      if (fact >= 0 && recordedAt[fact] <= knownAt) return position;
    }
    let low = 0;
    let high = this.watermark;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (recordedAt[this.factAt[middle]] <= knownAt) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
