import { Controller, Get, Inject } from '@nestjs/common';
import { ApiRoute, Roles } from '@okr/service-kit';
import { SALESFORCE_RECORDS, SalesforceRecords } from '../../salesforce/salesforce-records.port';

@Controller('salesforce/reconciliation')
export class ListReconciliationController {
  constructor(@Inject(SALESFORCE_RECORDS) private readonly records: SalesforceRecords) {}

  @Get()
  @Roles('admin')
  @ApiRoute({
    summary: 'What Salesforce left to reconcile: gap and overflow events, deals held for an unmapped owner',
    description: 'Each item says what would repair it: records to read again from Salesforce, or an owner to map.',
    tags: ['salesforce'],
  })
  async list() {
    const [changes, held] = await Promise.all([this.records.reconciliationItems(), this.records.heldDeals()]);
    return {
      changes,
      heldDeals: held.map((deal) => ({ ...deal, repair: `map the Salesforce user ${deal.ownerId} to a person: PUT /salesforce/owners/${deal.ownerId}` })),
    };
  }
}
