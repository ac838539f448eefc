import { idSchema, instantSchema } from '@okr/service-kit';
import { metricAggregations } from '@okr/goals-domain';
import { z } from 'zod';

export const metricKeySchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'a dotted key like sales.closed_won_amount');

export const aggregationSchema = z.enum(metricAggregations).describe('how the records’ current values make one number: sum, count, last, average, min, max');

export const metricScopeSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('person'), personId: idSchema }),
    z.strictObject({ type: z.literal('unit'), unitId: idSchema, includeSubUnits: z.boolean().default(true) }),
  ])
  .describe('whose data points count: one person, or a unit’s members (and, by default, those of its sub-units)');

export const bindingEffectiveAtSchema = instantSchema
  .optional()
  .describe('when the binding takes effect, if earlier than now (e.g. the start of the cycle); it counts every fact in its window whichever it is');
