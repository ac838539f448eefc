import { Controller, Get, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { GoalQueries } from '../../application/goal-queries';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';
import { goalValue, kpiHealth } from '@okr/goals-domain';
import { withoutRecords } from '../../http/bound-metric.view';

const kpiParams = z.strictObject({ kpiId: idSchema });

@Controller('kpis/:kpiId')
export class GetKpiController {
  constructor(private readonly queries: GoalQueries) {}

  @Get()
  @ApiRoute({ summary: 'A KPI with its current value and health, now or at any instant', tags: ['kpis'], responses: { 200: 'the KPI' } })
  async get(@ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @Res({ passthrough: true }) response: Response) {
    const read = await this.queries.state('kpi', kpiId, at);
    const instants = this.queries.valueInstants(at);
    return withVersion(response, at, kpiId, read, { state: { ...withoutRecords(read.state), currentValue: goalValue(read.state, instants) }, health: kpiHealth(read.state, instants) });
  }
}
