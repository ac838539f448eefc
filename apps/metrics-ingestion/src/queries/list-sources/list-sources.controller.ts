import { Controller, Get, Inject } from '@nestjs/common';
import { ApiRoute, Roles } from '@okr/service-kit';
import { SOURCE_REGISTRY, SourceRegistry } from '../../application/source-registry.port';

@Controller('sources')
export class ListSourcesController {
  constructor(@Inject(SOURCE_REGISTRY) private readonly registry: SourceRegistry) {}

  @Get()
  @Roles('admin', 'integration')
  @ApiRoute({ summary: 'The source systems admins described', tags: ['definitions'] })
  async list() {
    return { sources: await this.registry.list() };
  }
}
