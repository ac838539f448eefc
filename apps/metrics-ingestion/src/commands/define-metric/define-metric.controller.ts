import { Controller, Inject, Put } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, nonEmptyText, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import { z } from 'zod';
import { metricKeySchema } from '../../application/data-point-row';
import { METRIC_CATALOG, MetricCatalog } from '../../application/metric-catalog.port';

const metricParams = z.strictObject({ key: metricKeySchema });
const metricBody = z.strictObject({ name: nonEmptyText(200), unit: nonEmptyText(32).meta({ examples: ['EUR'] }), description: nonEmptyText(2000).optional() });

@Controller('metric-definitions')
export class DefineMetricController {
  constructor(@Inject(METRIC_CATALOG) private readonly catalog: MetricCatalog) {}

  @Put(':key')
  @Roles('admin')
  @ApiRoute({ summary: 'Define or redescribe a metric data points may be given for', tags: ['definitions'], responses: { 200: 'the metric as defined' } })
  async define(@ValidParams(metricParams) params: z.infer<typeof metricParams>, @ValidBody(metricBody) body: z.infer<typeof metricBody>, @CurrentActor() actor: Actor) {
    const metric = { key: params.key, ...body };
    await this.catalog.define(metric, actor.id);
    return metric;
  }
}
