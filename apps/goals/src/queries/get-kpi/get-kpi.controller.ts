import { Controller, Get, Res } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { GoalLookups } from '../../application/goal-lookups';
import { GoalQueries } from '../../application/goal-queries';
import { GoalValues } from '../../application/goal-values';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';
import { kpiHealth } from '@okr/goals-domain';

const kpiParams = z.strictObject({ kpiId: idSchema });

@Controller('kpis/:kpiId')
export class GetKpiController {
  constructor(
    private readonly queries: GoalQueries,
    private readonly lookups: GoalLookups,
    private readonly values: GoalValues,
  ) {}

  @Get()
  @ApiRoute({ summary: 'A KPI with its current value and health, now or at any instant', tags: ['kpis'], responses: { 200: 'the KPI' } })
  async get(@ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response) {
    const read = await this.queries.state('kpi', kpiId, at);
    const viewer = { personId: actor.id, isAdmin: actor.isAdmin };
    const [values, org] = [await this.values.forViewer(at, undefined, viewer), await this.lookups.organization()];
    const ref = { kind: 'kpi' as const, id: kpiId };
    // Health compares the value with the goal: withheld with it.
    const disclosure = values.disclosure(read.state, ref, org, viewer);
    const value = values.value(read.state, ref);
    const view = disclosure.withheld
      ? { state: read.state, withheld: true, reason: disclosure.reason }
      : { state: { ...read.state, currentValue: value }, health: kpiHealth(read.state, value) };
    return withVersion(response, at, kpiId, read, view);
  }
}
