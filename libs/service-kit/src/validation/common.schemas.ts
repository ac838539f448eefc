import { z } from 'zod';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Ids chosen by clients or generated: letters, digits and . _ : - (UUIDs and `integration:crm` fit). */
export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'must be 1 to 128 letters, digits or . _ : - and start with a letter or digit')
  .meta({ examples: ['sales-emea'] });

/**
 * An instant with its time zone, e.g. 2027-03-31T23:59:59Z: a real calendar date (no 30 February),
 * never a local time, whose meaning would depend on the server's zone. Stays a string, as events store it.
 */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 instant with a time zone, e.g. 2027-03-31T23:59:59Z' })
  .meta({ examples: ['2027-03-31T23:59:59Z'] });

/** Text a person types (names, titles): trimmed, not empty, at most `max` characters. */
export const nonEmptyText = (max: number) =>
  z.string().trim().min(1, 'cannot be empty').max(max, `must be at most ${max} characters`);

/** asOf (valid time) and knownAt (transaction time) of every query that can travel in time. */
export const timeTravelQuerySchema = z.strictObject({
  asOf: instantSchema.optional().describe('valid time: the world as it was then, with everything known now'),
  knownAt: instantSchema.optional().describe('transaction time: only what the platform had recorded by then'),
});
