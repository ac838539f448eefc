import { Controller, HttpCode, Post } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, RequestMeta, Roles, ValidBody } from '@okr/service-kit';
import { z } from 'zod';
import { deliveredEventSchema, deliveredEventShapes } from '../../salesforce/change-event-delivery';
import { DELIVERY_SHAPES } from '../../salesforce/opportunity-change-event';
import { SalesforceOpportunitiesHandler } from '../../salesforce/salesforce-opportunities.handler';

// One event is taken as a list of one, so an error names the event's place: body.0.ChangeEventHeader.entityName.
const asList = (value: unknown) => (Array.isArray(value) ? value : [value]);
const changeEventsBody = z.preprocess(asList, z.array(deliveredEventSchema).min(1).max(1000));
/** The body as the OpenAPI document shows it: one event or an array, each in any delivery shape. */
const documentedBody = z.union([deliveredEventShapes, z.array(deliveredEventShapes).min(1).max(1000)]);

const changesAnswer = z.object({
  events: z.array(
    z.object({
      transactionKey: z.string(),
      sequenceNumber: z.number(),
      changeType: z.string(),
      reconciliationId: z.number().optional().describe('a gap or overflow event: listed at GET /salesforce/reconciliation'),
      records: z.array(
        z.object({
          recordId: z.string(),
          outcome: z.enum(['accepted', 'unchanged', 'duplicate', 'held']),
          dataPointIds: z.array(z.string()).optional(),
          ownerId: z.string().optional().describe('held: the Salesforce user to map to a person'),
        }),
      ),
    }),
  ),
});

@Controller('salesforce/change-events')
export class ReceiveSalesforceChangesController {
  constructor(private readonly handler: SalesforceOpportunitiesHandler) {}

  @Post()
  @HttpCode(200)
  @Roles('admin', 'integration')
  @ApiRoute({
    summary: 'Receive Salesforce OpportunityChangeEvent messages (Change Data Capture)',
    description:
      `One event or an array, in the order Salesforce delivered them; each event is ${DELIVERY_SHAPES}. Each opportunity’s last known state is kept (an UPDATE carries only what changed; nulledFields clears fields) and its ` +
      'closed-won Amount is contributed to its owner’s sales.closed_won_amount on its CloseDate. A redelivered event (same transactionKey, sequenceNumber and record) changes nothing. ' +
      'Gap and overflow events are listed for reconciliation; deals of owners not mapped to a person are held until they are.',
    tags: ['salesforce'],
    body: documentedBody,
    responses: { 200: { description: 'what became of each record of each event', schema: changesAnswer } },
  })
  receive(@ValidBody(changeEventsBody) events: z.infer<typeof changeEventsBody>, @CurrentActor() actor: Actor, @RequestMeta() meta: RequestMeta) {
    return this.handler.receive(events, { actor: actor.id, correlationId: meta.correlationId, causationId: meta.requestId }).then((outcomes) => ({ events: outcomes }));
  }
}
