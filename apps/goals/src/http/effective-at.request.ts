import { instantSchema } from '@okr/service-kit';
import { z } from 'zod';

/** Valid time of a change: when it was true in the world, if earlier than now (never later). */
export const effectiveAtField = instantSchema.optional().describe('when the change took effect, if earlier than now (valid time; never in the future): the organisation, cycles and bindings can be set up after the fact');

/** The same for a DELETE, whose change has no body. */
export const effectiveAtQuery = z.strictObject({ effectiveAt: effectiveAtField });
