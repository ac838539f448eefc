export const CLOCK = Symbol('CLOCK');

/** What "now" is when a query names no instant. Tests replace it to stand at a known time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
