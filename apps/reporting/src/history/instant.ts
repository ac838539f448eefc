import { ReadInstants } from '@okr/goals-domain';

/**
 * A point of view in both times, in epoch milliseconds: asOf (valid time: effectiveAt ≤ asOf) and
 * knownAt (transaction time: recordedAt ≤ knownAt). Both default to now.
 */
export interface Instant {
  asOf: number;
  knownAt: number;
  /**
   * What the query named, for values of goals bound to metrics (a KPI's calendar window is
   * anchored at asOf, else knownAt, else now); absent: both instants as given.
   */
  named?: ReadInstants;
}

export function instantOf(query: { asOf?: string; knownAt?: string }, now: Date): Instant {
  return {
    asOf: query.asOf ? Date.parse(query.asOf) : now.getTime(),
    knownAt: query.knownAt ? Date.parse(query.knownAt) : now.getTime(),
    named: { ...(query.asOf ? { asOf: query.asOf } : {}), ...(query.knownAt ? { knownAt: query.knownAt } : {}), now: now.toISOString() },
  };
}

/** The instants a bound goal's value is read at (see metricQueryOf in the domain); `now` stands in for an unbounded instant. */
export function readInstantsOf(at: Instant, now: Date): ReadInstants {
  if (at.named) return at.named;
  const iso = (instant: number) => (Number.isFinite(instant) ? new Date(instant).toISOString() : undefined);
  const asOf = iso(at.asOf);
  const knownAt = iso(at.knownAt);
  return { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}), now: now.toISOString() };
}

export const isVisibleAt = (at: Instant, effectiveAt: number, recordedAt: number) => effectiveAt <= at.asOf && recordedAt <= at.knownAt;
