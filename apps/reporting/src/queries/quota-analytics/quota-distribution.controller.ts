import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, timeTravelQuerySchema, ValidParams, ValidQuery } from '@okr/service-kit';
import { QuotaDistributions } from '../../application/quota-distribution';
import { viewerOf } from '../../application/viewer';
import { instantOf } from '../../history/instant';
import { distributionCsv } from './quota-analytics.csv';
import { TimeTravelQuery, unitCycleParams, UnitCycleParams } from './quota-analytics.request';

@Controller('units/:unitId/cycles/:cycleId')
export class QuotaDistributionController {
  constructor(
    private readonly distributions: QuotaDistributions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('quota-distribution')
  @ApiRoute({
    summary: 'Quota attainment as a distribution: people at or above 80 %, 100 % and 120 %, against the revised and the original quota',
    description:
      'For the unit and each unit below it, per metric: counts and shares of people in each band. Shown to everyone under the dashboards’ disclosure rules: ' +
      'a group smaller than the minimum group size (or one that subtraction would reveal) is withheld from viewers who may not see its rows.',
    tags: ['quotas'],
    responses: { 200: 'the distribution per unit and metric', 404: 'no such unit or cycle at that instant' },
  })
  distribution(@ValidParams(unitCycleParams) params: UnitCycleParams, @ValidQuery(timeTravelQuerySchema) query: TimeTravelQuery, @CurrentActor() actor: Actor) {
    return this.distributions.distribution(params.unitId, params.cycleId, instantOf(query, this.clock.now()), viewerOf(actor));
  }

  @Get('quota-distribution.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiRoute({
    summary: 'The same distribution as CSV, under the same disclosure rules',
    tags: ['quotas'],
    responses: { 200: { description: 'one line per unit, metric and quota (revised, original)', contentType: 'text/csv' }, 404: 'no such unit or cycle at that instant' },
  })
  csv(@ValidParams(unitCycleParams) params: UnitCycleParams, @ValidQuery(timeTravelQuerySchema) query: TimeTravelQuery, @CurrentActor() actor: Actor): string {
    return distributionCsv(this.distribution(params, query, actor));
  }
}
