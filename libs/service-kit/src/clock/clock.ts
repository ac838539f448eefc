export const CLOCK = Symbol('CLOCK');

/**
 * A service's sense of now: the transaction time of every change it records, and the instant a
 * query reads at when it names none. Tests replace it to stand at a known time.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
