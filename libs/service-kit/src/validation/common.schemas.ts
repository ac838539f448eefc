import { z } from 'zod';
import { textViolation } from './request-value-policy';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Ids chosen by clients or generated: letters, digits and . _ : - (UUIDs and `integration:crm` fit). */
export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'must be 1 to 128 letters, digits or . _ : - and start with a letter or digit')
  .meta({ examples: ['sales-emea'] });

/**
 * The instants any request may name, in milliseconds since the epoch: years 0001 to 9999 in UTC,
 * what PostgreSQL's timestamptz, JavaScript's Date and ISO 8601's four-digit years all hold.
 */
export const EARLIEST_INSTANT_MS = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');
export const INSTANT_RANGE_MESSAGE = 'must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z';

export function isWithinInstantRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

/**
 * An instant with its time zone, e.g. 2027-03-31T23:59:59Z: a real calendar date (no 30 February),
 * never a local time, whose meaning would depend on the server's zone. Stays a string, as events store it.
 */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 instant with a time zone, e.g. 2027-03-31T23:59:59Z', abort: true })
  .refine((text) => isWithinInstantRange(Date.parse(text)), INSTANT_RANGE_MESSAGE)
  .meta({ examples: ['2027-03-31T23:59:59Z'] });

/** A calendar date like 2027-01-31, in years 0001 to 9999. */
export const calendarDateSchema = z.iso
  .date({ message: 'must be a date like 2027-01-31', abort: true })
  .refine((text) => text >= '0001-01-01', INSTANT_RANGE_MESSAGE)
  .meta({ examples: ['2027-01-31'] });

/** Text a machine sends (a source system's keys, record ids): at most `max` characters of storable text. */
export const boundedText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .superRefine(refuseUnstorableText);

/** Text a person types (names, titles): trimmed, not empty, at most `max` characters. */
export const nonEmptyText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'cannot be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine(refuseUnstorableText);

/** asOf (valid time) and knownAt (transaction time) of every query that can travel in time. */
export const timeTravelQuerySchema = z.strictObject({
  asOf: instantSchema.optional().describe('valid time: the world as it was then, with everything known now'),
  knownAt: instantSchema.optional().describe('transaction time: only what the platform had recorded by then'),
});

/** Text PostgreSQL cannot store (a NUL) or that is not Unicode (a lone surrogate) is an issue of its field. */
function refuseUnstorableText(text: string, ctx: z.RefinementCtx<string>): void {
  const reason = textViolation(text);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
}
