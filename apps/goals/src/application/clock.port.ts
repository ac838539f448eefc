export const CLOCK = Symbol('CLOCK');

/** The application's sense of now: transaction time of every change. Tests replace it to travel in time. */
export interface Clock {
  now(): Date;
}
