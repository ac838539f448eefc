import { Confidence } from '@okr/goals-domain';

/** A check-in as the series keeps it: both instants in epoch milliseconds, its place in the stream. */
export interface ValueFact {
  effectiveAt: number;
  /** effectiveAt as the event wrote it, kept so answers need not format instants again. */
  effectiveAtText: string;
  recordedAt: number;
  value: number;
  confidence: Confidence;
  streamVersion: number;
  /** Arrived from another system (actor `integration:<source>`), not typed in by a person. */
  ingested: boolean;
}

const CONFIDENCES: Confidence[] = ['on-track', 'at-risk', 'off-track'];
const INGESTED = 1;

/**
 * Every value a goal was ever given, in typed arrays ordered by (effectiveAt, streamVersion), so the
 * value that holds at any (asOf, knownAt) is found by binary search on valid time and a short scan
 * back past what was not yet recorded: the latest in valid time wins, ties go to the later in the
 * stream, exactly as the domain's holdingCheckIn folds them.
 */
export class ValueSeries {
  private size = 0;
  private effective = new Float64Array(4);
  private recorded = new Float64Array(4);
  private values = new Float64Array(4);
  private versions = new Int32Array(4);
  private confidences = new Uint8Array(4);
  private flags = new Uint8Array(4);
  private effectiveTexts: string[] = [];

  get length(): number {
    return this.size;
  }

  /** Adds a fact; one already held (same stream version) is ignored, so redelivery changes nothing. */
  add(fact: ValueFact): boolean {
    let at = this.upperBound(fact.effectiveAt);
    while (at > 0 && this.effective[at - 1] === fact.effectiveAt && this.versions[at - 1] > fact.streamVersion) at--;
    if (at > 0 && this.effective[at - 1] === fact.effectiveAt && this.versions[at - 1] === fact.streamVersion) return false;
    if (this.size === this.effective.length) this.grow();
    if (at < this.size) this.shiftRight(at);
    this.effective[at] = fact.effectiveAt;
    this.recorded[at] = fact.recordedAt;
    this.values[at] = fact.value;
    this.versions[at] = fact.streamVersion;
    this.confidences[at] = CONFIDENCES.indexOf(fact.confidence);
    this.flags[at] = fact.ingested ? INGESTED : 0;
    this.effectiveTexts.splice(at, 0, fact.effectiveAtText);
    this.size++;
    return true;
  }

  /**
   * The index of the fact that holds at (asOf, knownAt) among those after stream version
   * `afterVersion` (a key result re-added starts afresh), or -1.
   */
  holdingAt(asOf: number, knownAt: number, afterVersion = 0): number {
    for (let i = this.upperBound(asOf) - 1; i >= 0; i--) {
      if (this.recorded[i] <= knownAt && this.versions[i] > afterVersion) return i;
    }
    return -1;
  }

  effectiveAtOf(index: number): number {
    return this.effective[index];
  }

  valueOf(index: number): number {
    return this.values[index];
  }

  confidenceOf(index: number): Confidence {
    return CONFIDENCES[this.confidences[index]];
  }

  effectiveAtTextOf(index: number): string {
    return this.effectiveTexts[index];
  }

  fact(index: number): ValueFact {
    return {
      effectiveAt: this.effective[index],
      effectiveAtText: this.effectiveTexts[index],
      recordedAt: this.recorded[index],
      value: this.values[index],
      confidence: CONFIDENCES[this.confidences[index]],
      streamVersion: this.versions[index],
      ingested: (this.flags[index] & INGESTED) !== 0,
    };
  }

  /** The first index whose effectiveAt is after `instant`. */
  private upperBound(instant: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.effective[middle] <= instant) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private grow(): void {
    const capacity = this.effective.length * 2;
    const widen = <A extends Float64Array | Int32Array | Uint8Array>(array: A, make: (n: number) => A): A => {
      const wider = make(capacity);
      wider.set(array);
      return wider;
    };
    this.effective = widen(this.effective, (n) => new Float64Array(n));
    this.recorded = widen(this.recorded, (n) => new Float64Array(n));
    this.values = widen(this.values, (n) => new Float64Array(n));
    this.versions = widen(this.versions, (n) => new Int32Array(n));
    this.confidences = widen(this.confidences, (n) => new Uint8Array(n));
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
  }

  private shiftRight(from: number): void {
    for (const array of [this.effective, this.recorded, this.values, this.versions, this.confidences, this.flags]) {
      array.copyWithin(from + 1, from, this.size);
    }
  }
}
