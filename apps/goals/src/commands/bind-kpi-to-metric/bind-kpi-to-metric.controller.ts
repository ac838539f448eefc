import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResponses, commandResult } from '../../http/command-result';
import { aggregationSchema, bindingEffectiveAtSchema, metricKeySchema, metricScopeSchema } from '../../http/metric-binding.request';
import { Origin } from '../../http/origin.decorator';

const kpiParams = z.strictObject({ kpiId: idSchema });
const bindKpiRequest = z.strictObject({
  metric: metricKeySchema,
  aggregation: aggregationSchema,
  scope: metricScopeSchema.optional().describe('defaults to the KPI’s unit with its sub-units'),
  window: z.enum(['calendar-month', 'calendar-quarter', 'all-time']).describe('a KPI has no cycle: the UTC calendar month or quarter it is read in, or all time'),
  effectiveAt: bindingEffectiveAtSchema,
});

@Controller('kpis/:kpiId/metric-binding')
export class BindKpiToMetricController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Bind (or re-bind) a KPI to a metric over a calendar month, quarter or all time: from its effective time its value is the metric’s (admins)', tags: ['kpis', 'metrics'], responses: commandResponses })
  async bind(
    @ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>,
    @ValidBody(bindKpiRequest) { metric, aggregation, scope, window, effectiveAt }: z.infer<typeof bindKpiRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (scope) await this.lookups.assertScopeExists(scope, effectiveAt);
    const result = await this.commands.kpi(kpiId, { ...origin, effectiveAt }, (context, { state }) => ({
      type: 'BindKpiToMetric',
      data: { metric, aggregation, scope: scope ?? { type: 'unit', unitId: state.unitId, includeSubUnits: true }, window: { kind: window } },
      context,
    }));
    return commandResult(response, kpiId, result);
  }
}
