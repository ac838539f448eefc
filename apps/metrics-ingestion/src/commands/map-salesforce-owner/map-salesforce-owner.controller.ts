import { Controller, Put } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, idSchema, RequestMeta, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import { z } from 'zod';
import { SalesforceOpportunitiesHandler } from '../../salesforce/salesforce-opportunities.handler';

const ownerParams = z.strictObject({ ownerId: z.string().regex(/^[A-Za-z0-9]{15,18}$|^[A-Za-z0-9-]{1,64}$/, 'a Salesforce user id, e.g. 005Dn000001AbCdIAK').meta({ examples: ['005Dn000001AbCdIAK'] }) });
const ownerBody = z.strictObject({ personId: idSchema.describe('the person in the goals service') });

@Controller('salesforce/owners')
export class MapSalesforceOwnerController {
  constructor(private readonly handler: SalesforceOpportunitiesHandler) {}

  @Put(':ownerId')
  @Roles('admin')
  @ApiRoute({
    summary: 'Map a Salesforce user (OwnerId) to a person',
    description: 'Their held closed-won deals are applied at once; remapping moves their deals to the new person.',
    tags: ['salesforce'],
    responses: { 200: 'what became of each opportunity they own' },
  })
  async map(@ValidParams(ownerParams) params: z.infer<typeof ownerParams>, @ValidBody(ownerBody) body: z.infer<typeof ownerBody>, @CurrentActor() actor: Actor, @RequestMeta() meta: RequestMeta) {
    const opportunities = await this.handler.mapOwner(params.ownerId, body.personId, { actor: actor.id, correlationId: meta.correlationId, causationId: meta.requestId });
    return { ownerId: params.ownerId, personId: body.personId, opportunities };
  }
}
