import { z } from 'zod';
import { DELIVERY_SHAPES, opportunityChangeEventSchema } from './opportunity-change-event';

/** The Pub/Sub API's envelope, as its clients hand an event over. */
const pubSubEnvelope = z.looseObject({
  schema: z.string().max(255).optional().describe('the id of the event’s Avro schema'),
  payload: opportunityChangeEventSchema,
  event: z.looseObject({ replayId: z.union([z.number(), z.string().max(255)]).optional() }).optional(),
});
/** A CometD (Streaming API) message: the envelope under data. */
const cometDMessage = z.looseObject({ channel: z.string().max(255).optional(), data: pubSubEnvelope });

/** What the OpenAPI document shows for one delivered event: any of the three shapes. */
export const deliveredEventShapes = z.union([opportunityChangeEventSchema, pubSubEnvelope, cometDMessage]).describe(DELIVERY_SHAPES);

/** The event inside whichever shape it came in; anything else is left as it is, for the schema to refuse. */
export function unwrapDelivery(value: unknown): unknown {
  if (!isObject(value) || 'ChangeEventHeader' in value) return value;
  if (isObject(value.data)) return unwrapDelivery(value.data);
  if (isObject(value.payload)) return value.payload;
  return value;
}

/** One event as delivered: the event itself once unwrapped, with a refusal that lists the shapes taken. */
export const deliveredEventSchema = z.preprocess(unwrapDelivery, opportunityChangeEventSchema);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
