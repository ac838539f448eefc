/**
 * A point of view in both times, in epoch milliseconds: asOf (valid time: effectiveAt ≤ asOf) and
 * knownAt (transaction time: recordedAt ≤ knownAt). Both default to now.
 */
export interface Instant {
  asOf: number;
  knownAt: number;
}

export function instantOf(query: { asOf?: string; knownAt?: string }, now: Date): Instant {
  return {
    asOf: query.asOf ? Date.parse(query.asOf) : now.getTime(),
    knownAt: query.knownAt ? Date.parse(query.knownAt) : now.getTime(),
  };
}

export const isVisibleAt = (at: Instant, effectiveAt: number, recordedAt: number) => effectiveAt <= at.asOf && recordedAt <= at.knownAt;
