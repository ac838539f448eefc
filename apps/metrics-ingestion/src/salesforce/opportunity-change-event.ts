import { z } from 'zod';

export const RECORD_CHANGE_TYPES = ['CREATE', 'UPDATE', 'DELETE', 'UNDELETE'] as const;
export const GAP_CHANGE_TYPES = ['GAP_CREATE', 'GAP_UPDATE', 'GAP_DELETE', 'GAP_UNDELETE', 'GAP_OVERFLOW'] as const;

/** The header Salesforce puts on every change event. */
export const changeEventHeaderSchema = z.looseObject({
  entityName: z.literal('Opportunity', 'only OpportunityChangeEvent is taken here'),
  recordIds: z.array(z.string().min(1)),
  changeType: z.enum([...RECORD_CHANGE_TYPES, ...GAP_CHANGE_TYPES]),
  changeOrigin: z.string().optional(),
  transactionKey: z.string().min(1),
  sequenceNumber: z.number().int().nonnegative(),
  /** Milliseconds since the epoch, when the change was committed in Salesforce. */
  commitTimestamp: z.number().int().positive(),
  commitNumber: z.number().optional(),
  commitUser: z.string().optional(),
  /** Fields set to null by this change (the others absent or null in the body did not change). */
  nulledFields: z.array(z.string()).optional(),
  changedFields: z.array(z.string()).optional(),
  diffFields: z.array(z.string()).optional(),
});

/** An OpportunityChangeEvent: the header and the record fields it carries (all of them on CREATE, the changed ones on UPDATE). */
export const opportunityChangeEventSchema = z.looseObject({ ChangeEventHeader: changeEventHeaderSchema });

export type ChangeEventHeader = z.infer<typeof changeEventHeaderSchema>;
export type OpportunityChangeEvent = z.infer<typeof opportunityChangeEventSchema>;
