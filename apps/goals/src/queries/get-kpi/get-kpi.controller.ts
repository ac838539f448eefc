import { Controller, Get, Res } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { GoalLookups } from '../../application/goal-lookups';
import { GoalQueries } from '../../application/goal-queries';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';
import { goalValue, goalValueDisclosure, kpiHealth } from '@okr/goals-domain';
import { withoutRecords } from '../../http/bound-metric.view';

const kpiParams = z.strictObject({ kpiId: idSchema });

@Controller('kpis/:kpiId')
export class GetKpiController {
  constructor(
    private readonly queries: GoalQueries,
    private readonly lookups: GoalLookups,
  ) {}

  @Get()
  @ApiRoute({ summary: 'A KPI with its current value and health, now or at any instant', tags: ['kpis'], responses: { 200: 'the KPI' } })
  async get(@ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response) {
    const read = await this.queries.state('kpi', kpiId, at);
    const instants = this.queries.valueInstants(at);
    const org = await this.lookups.organization();
    // Health compares the value with the goal: withheld with it.
    const disclosure = goalValueDisclosure(read.state, instants, org, { personId: actor.id, isAdmin: actor.isAdmin }, org.policy.minGroupSize);
    const view = disclosure.withheld
      ? { state: withoutRecords(read.state), withheld: true, reason: disclosure.reason }
      : { state: { ...withoutRecords(read.state), currentValue: goalValue(read.state, instants) }, health: kpiHealth(read.state, instants) };
    return withVersion(response, at, kpiId, read, view);
  }
}
