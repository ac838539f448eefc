import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, timeTravelQuerySchema, ValidParams, ValidQuery } from '@okr/service-kit';
import { QuotaLateRevisions } from '../../application/quota-late-revisions';
import { LATE_REVISION_RULE } from '../../application/quota-late-revision.rule';
import { viewerOf } from '../../application/viewer';
import { instantOf } from '../../history/instant';
import { lateRevisionsCsv } from './quota-analytics.csv';
import { TimeTravelQuery, unitCycleParams, UnitCycleParams } from './quota-analytics.request';

@Controller('units/:unitId/cycles/:cycleId')
export class LateRevisionsController {
  constructor(
    private readonly revisions: QuotaLateRevisions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('late-revisions')
  @ApiRoute({
    summary: 'Quotas revised late in the cycle',
    description:
      `Rule: ${LATE_REVISION_RULE}. Each late revision (original, from, to, reason) of the unit and the units below it for whoever may see that quota; ` +
      'per metric, a count for everyone, withheld under the dashboards’ disclosure rules.',
    tags: ['quotas'],
    responses: { 200: 'counts and the visible late revisions', 404: 'no such unit or cycle at that instant' },
  })
  lateRevisions(@ValidParams(unitCycleParams) params: UnitCycleParams, @ValidQuery(timeTravelQuerySchema) query: TimeTravelQuery, @CurrentActor() actor: Actor) {
    return this.revisions.lateRevisions(params.unitId, params.cycleId, instantOf(query, this.clock.now()), viewerOf(actor));
  }

  @Get('late-revisions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiRoute({
    summary: 'The same late revisions as CSV, under the same privacy rules',
    tags: ['quotas'],
    responses: { 200: { description: 'counts, then one line per visible late revision', contentType: 'text/csv' }, 404: 'no such unit or cycle at that instant' },
  })
  csv(@ValidParams(unitCycleParams) params: UnitCycleParams, @ValidQuery(timeTravelQuerySchema) query: TimeTravelQuery, @CurrentActor() actor: Actor): string {
    return lateRevisionsCsv(this.lateRevisions(params, query, actor));
  }
}
