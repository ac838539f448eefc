import { instantSchema, nonEmptyText } from '@okr/service-kit';
import { z } from 'zod';

/** A check-in: the value now, how confident the reporter is, and what was learned. */
export const checkInRequest = z.strictObject({
  value: z.number(),
  confidence: z.enum(['on-track', 'at-risk', 'off-track']),
  note: z.string().max(2000, 'at most 2000 characters').optional(),
  effectiveAt: instantSchema.optional().describe('when the value was true, if earlier than now (a late report)'),
});

/** A correction after the cycle closed: like a check-in, with the reason it was needed. */
export const amendmentRequest = checkInRequest.extend({ reason: nonEmptyText(1000) });

export type CheckInRequest = z.infer<typeof checkInRequest>;
export type AmendmentRequest = z.infer<typeof amendmentRequest>;
