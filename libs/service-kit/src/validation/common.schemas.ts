import { z } from 'zod';

/** Ids chosen by clients or generated: letters, digits and . _ : - (UUIDs fit). */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1 to 128 letters, digits or . _ : - and start with a letter or digit');

/** An instant with its offset, e.g. 2027-03-31T23:59:59Z. */
export const instantSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with a time zone, e.g. 2027-03-31T23:59:59Z' });

export const nonEmptyText = (max: number) => z.string().trim().min(1, 'cannot be empty').max(max, `at most ${max} characters`);

/** asOf (valid time) and knownAt (transaction time) of every query that can travel in time. */
export const timeTravelQuerySchema = z.strictObject({
  asOf: instantSchema.optional().describe('valid time: the world as it was then, with everything known now'),
  knownAt: instantSchema.optional().describe('transaction time: only what the platform had recorded by then'),
});
