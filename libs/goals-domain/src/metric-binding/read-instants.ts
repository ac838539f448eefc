/** The instants a value is read at (ISO 8601). */
export interface ReadInstants {
  /** Valid time: only occurrences at or before it count. */
  asOf?: string;
  /** Transaction time: only what was recorded by then. */
  knownAt?: string;
  /** The reader's present: the instant read at when neither asOf nor knownAt is given. */
  now: string;
}

/** The instant read at, in epoch milliseconds: asOf, else knownAt, else now. */
export function readInstant(at: ReadInstants): number {
  return Date.parse(at.asOf ?? at.knownAt ?? at.now);
}

/** knownAt in epoch milliseconds; Infinity when everything recorded counts. */
export function knownInstant(at: ReadInstants): number {
  return at.knownAt ? Date.parse(at.knownAt) : Infinity;
}
