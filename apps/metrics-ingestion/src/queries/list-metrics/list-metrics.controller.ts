import { Controller, Get, Inject } from '@nestjs/common';
import { ApiRoute, Roles } from '@okr/service-kit';
import { METRIC_CATALOG, MetricCatalog } from '../../application/metric-catalog.port';

@Controller('metric-definitions')
export class ListMetricsController {
  constructor(@Inject(METRIC_CATALOG) private readonly catalog: MetricCatalog) {}

  @Get()
  @Roles('admin', 'integration', 'member')
  @ApiRoute({ summary: 'The metrics data points may be given for', tags: ['definitions'] })
  async list() {
    return { metrics: await this.catalog.list() };
  }
}
