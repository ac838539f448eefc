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
const CONFIDENCE_SHIFT = 1;

/** Per fact, side by side so a reading touches one cache line: recordedAt, value, streamVersion, confidence and flags. */
const RECORDED = 0;
const VALUE = 1;
const VERSION = 2;
const MARKS = 3;
const STRIDE = 4;

/**
 * Every value a goal was ever given, in typed arrays ordered by (effectiveAt, streamVersion), so the
 * value that holds at any (asOf, knownAt) is found by binary search on valid time and a short scan
 * back past what was not yet recorded: the latest in valid time wins, ties go to the later in the
 * stream, exactly as the domain's holdingCheckIn folds them. A whole-cycle dashboard reads tens of
 * thousands of series per query, so each keeps its valid times in one array (the search) and the
 * rest of each fact interleaved in another (the reading): memory latency, not arithmetic, is the cost.
 */
export class ValueSeries {
  private size = 0;
  private effective = new Float64Array(4);
  private details = new Float64Array(4 * STRIDE);
  private effectiveTexts: string[] = [];

  get length(): number {
    return this.size;
  }

  /** Adds a fact; one already held (same stream version) is ignored, so redelivery changes nothing. */
  add(fact: ValueFact): boolean {
    let at = this.upperBound(fact.effectiveAt);
    while (at > 0 && this.effective[at - 1] === fact.effectiveAt && this.versionOf(at - 1) > fact.streamVersion) at--;
    if (at > 0 && this.effective[at - 1] === fact.effectiveAt && this.versionOf(at - 1) === fact.streamVersion) return false;
    if (this.size === this.effective.length) this.grow();
    if (at < this.size) {
      this.effective.copyWithin(at + 1, at, this.size);
      this.details.copyWithin((at + 1) * STRIDE, at * STRIDE, this.size * STRIDE);
    }
    this.effective[at] = fact.effectiveAt;
    const base = at * STRIDE;
    this.details[base + RECORDED] = fact.recordedAt;
    this.details[base + VALUE] = fact.value;
    this.details[base + VERSION] = fact.streamVersion;
    this.details[base + MARKS] = (CONFIDENCES.indexOf(fact.confidence) << CONFIDENCE_SHIFT) | (fact.ingested ? INGESTED : 0);
    this.effectiveTexts.splice(at, 0, fact.effectiveAtText);
    this.size++;
    return true;
  }

  /**
   * The index of the fact that holds at (asOf, knownAt) among those after stream version
   * `afterVersion` (a key result re-added starts afresh), or -1.
   */
  holdingAt(asOf: number, knownAt: number, afterVersion = 0): number {
    const details = this.details;
    for (let i = this.upperBound(asOf) - 1; i >= 0; i--) {
      if (details[i * STRIDE + RECORDED] <= knownAt && details[i * STRIDE + VERSION] > afterVersion) return i;
    }
    return -1;
  }

  effectiveAtOf(index: number): number {
    return this.effective[index];
  }

  valueOf(index: number): number {
    return this.details[index * STRIDE + VALUE];
  }

  confidenceOf(index: number): Confidence {
    return CONFIDENCES[this.details[index * STRIDE + MARKS] >> CONFIDENCE_SHIFT];
  }

  effectiveAtTextOf(index: number): string {
    return this.effectiveTexts[index];
  }

  fact(index: number): ValueFact {
    const base = index * STRIDE;
    return {
      effectiveAt: this.effective[index],
      effectiveAtText: this.effectiveTexts[index],
      recordedAt: this.details[base + RECORDED],
      value: this.details[base + VALUE],
      confidence: this.confidenceOf(index),
      streamVersion: this.details[base + VERSION],
      ingested: (this.details[base + MARKS] & INGESTED) !== 0,
    };
  }

  private versionOf(index: number): number {
    return this.details[index * STRIDE + VERSION];
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
    const effective = new Float64Array(this.effective.length * 2);
    effective.set(this.effective);
    this.effective = effective;
    const details = new Float64Array(this.details.length * 2);
    details.set(this.details);
    this.details = details;
  }
}
