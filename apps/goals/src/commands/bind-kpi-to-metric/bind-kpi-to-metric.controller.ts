import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { MetricBindingIndex } from '../../application/metric-binding-index';
import { commandResponses, commandResult } from '../../http/command-result';
import { aggregationSchema, metricKeySchema, metricScopeSchema } from '../../http/metric-binding.request';
import { Origin } from '../../http/origin.decorator';

const kpiParams = z.strictObject({ kpiId: idSchema });
const bindKpiRequest = z.strictObject({
  metric: metricKeySchema,
  aggregation: aggregationSchema,
  scope: metricScopeSchema.optional().describe('defaults to the KPI’s unit with its sub-units'),
  window: z.enum(['calendar-month', 'calendar-quarter', 'all-time']).describe('a KPI has no cycle: the UTC calendar month or quarter it is read in, or all time'),
});

@Controller('kpis/:kpiId/metric-binding')
export class BindKpiToMetricController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    private readonly index: MetricBindingIndex,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Bind a KPI to a metric over a calendar month, quarter or all time: from then on data points move it (admins)', tags: ['kpis', 'metrics'], responses: commandResponses })
  async bind(
    @ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>,
    @ValidBody(bindKpiRequest) { metric, aggregation, scope, window }: z.infer<typeof bindKpiRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (scope) await this.lookups.assertScopeExists(scope);
    const result = await this.commands.kpi(kpiId, origin, (context, { state }) => ({
      type: 'BindKpiToMetric',
      data: { metric, aggregation, scope: scope ?? { type: 'unit', unitId: state.unitId, includeSubUnits: true }, window: { kind: window } },
      context,
    }));
    this.index.learn({ kind: 'kpi', id: kpiId }, result.events);
    return commandResult(response, kpiId, result);
  }
}
