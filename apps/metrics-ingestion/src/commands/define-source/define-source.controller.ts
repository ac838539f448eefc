import { Controller, Inject, Put } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, nonEmptyText, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import { z } from 'zod';
import { sourceSystemSchema } from '../../application/data-point-row';
import { SOURCE_KINDS, SOURCE_REGISTRY, SourceRegistry } from '../../application/source-registry.port';

const sourceParams = z.strictObject({ id: sourceSystemSchema });
const sourceBody = z.strictObject({ kind: z.enum(SOURCE_KINDS), name: nonEmptyText(200), description: nonEmptyText(2000).optional() });

@Controller('sources')
export class DefineSourceController {
  constructor(@Inject(SOURCE_REGISTRY) private readonly registry: SourceRegistry) {}

  @Put(':id')
  @Roles('admin')
  @ApiRoute({ summary: 'Describe a source system numbers come from (its id is the source.system of its data points)', tags: ['definitions'], responses: { 200: 'the source as defined' } })
  async define(@ValidParams(sourceParams) params: z.infer<typeof sourceParams>, @ValidBody(sourceBody) body: z.infer<typeof sourceBody>, @CurrentActor() actor: Actor) {
    const source = { id: params.id, ...body };
    await this.registry.define(source, actor.id);
    return source;
  }
}
