import { boundedText, calendarDateSchema, INSTANT_RANGE_MESSAGE, LATEST_INSTANT_MS } from '@okr/service-kit';
import { z } from 'zod';

/** Salesforce ids are 15 or 18 characters; kept in indexed columns, so bounded well below an index row's limit. */
const SALESFORCE_ID_MAX = 255;
/** A transaction key is a UUID in practice. */
const SALESFORCE_KEY_MAX = 255;
/** An API field name (Amount, Custom_Field__c): Salesforce allows 40 characters plus suffixes. */
const fieldName = boundedText(255);
/** The shapes an event may be delivered in (change-event-delivery.ts unwraps them). */
export const DELIVERY_SHAPES = 'an OpportunityChangeEvent bare ({ ChangeEventHeader, ...fields }), in a Pub/Sub envelope ({ schema, payload, event }) or in a CometD message ({ data: { schema, payload, event } })';

export const RECORD_CHANGE_TYPES = ['CREATE', 'UPDATE', 'DELETE', 'UNDELETE'] as const;
export const GAP_CHANGE_TYPES = ['GAP_CREATE', 'GAP_UPDATE', 'GAP_DELETE', 'GAP_UNDELETE', 'GAP_OVERFLOW'] as const;

/** The header Salesforce puts on every change event; its absence means the body is in no shape taken here. */
export const changeEventHeaderSchema = z.looseObject(
  {
  entityName: z.literal('Opportunity', 'only OpportunityChangeEvent is taken here'),
  recordIds: z.array(boundedText(SALESFORCE_ID_MAX).min(1)).max(1000),
  changeType: z.enum([...RECORD_CHANGE_TYPES, ...GAP_CHANGE_TYPES]),
  changeOrigin: boundedText(1000).optional(),
  transactionKey: boundedText(SALESFORCE_KEY_MAX).min(1),
  sequenceNumber: z.number().int().nonnegative(),
  /** Milliseconds since the epoch, when the change was committed in Salesforce. */
  commitTimestamp: z.number().int().positive().max(LATEST_INSTANT_MS, INSTANT_RANGE_MESSAGE),
  commitNumber: z.number().optional(),
  commitUser: boundedText(SALESFORCE_ID_MAX).optional(),
  /** Fields set to null by this change (the others absent or null in the body did not change). */
  nulledFields: z.array(fieldName).optional(),
  changedFields: z.array(fieldName).optional(),
  diffFields: z.array(fieldName).optional(),
  },
  { error: (issue) => (issue.input === undefined ? `is required: send ${DELIVERY_SHAPES}` : undefined) },
);

/** An OpportunityChangeEvent: the header and the record fields it carries (all of them on CREATE, the changed ones on UPDATE). */
export const opportunityChangeEventSchema = z.looseObject({
  ChangeEventHeader: changeEventHeaderSchema,
  // Kept in an indexed column: bounded like every id.
  OwnerId: boundedText(SALESFORCE_ID_MAX).nullable().optional(),
  // The day a deal counts on: a date no instant can hold is refused, not replaced by another day.
  CloseDate: calendarDateSchema.nullable().optional(),
});

export type ChangeEventHeader = z.infer<typeof changeEventHeaderSchema>;
export type OpportunityChangeEvent = z.infer<typeof opportunityChangeEventSchema>;
