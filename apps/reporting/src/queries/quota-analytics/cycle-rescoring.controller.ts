import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, ValidParams, ValidQuery } from '@okr/service-kit';
import { viewerOf } from '../../application/viewer';
import { z } from 'zod';
import { instantOf } from '../../history/instant';
import { CycleRescoring } from './cycle-rescoring.handler';
import { rescoringCsv } from './quota-analytics.csv';
import { cycleParams, rescoringQuery } from './quota-analytics.request';

type RescoringQuery = z.infer<typeof rescoringQuery>;

@Controller('cycles/:cycleId')
export class CycleRescoringController {
  constructor(
    private readonly rescoring: CycleRescoring,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('rescoring')
  @ApiRoute({
    summary: 'A closed cycle’s objectives re-scored under any scoring rule version, beside the scores recorded at close',
    description: 'Nothing recorded changes: the recorded scores (with amendments known at knownAt) are shown as they are, the re-scored ones are computed for comparison.',
    tags: ['cycles'],
    responses: { 200: 'recorded and re-scored scores per objective and key result', 404: 'no such cycle at that instant', 422: 'the cycle was not closed at that instant' },
  })
  rescore(@ValidParams(cycleParams) { cycleId }: z.infer<typeof cycleParams>, @ValidQuery(rescoringQuery) query: RescoringQuery, @CurrentActor() actor: Actor) {
    return this.rescoring.rescore(cycleId, query.rule, query.basis, instantOf(query, this.clock.now()), viewerOf(actor));
  }

  @Get('rescoring.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiRoute({
    summary: 'The same comparison as CSV',
    tags: ['cycles'],
    responses: { 200: { description: 'one line per objective and key result', contentType: 'text/csv' }, 404: 'no such cycle at that instant', 422: 'the cycle was not closed at that instant' },
  })
  csv(@ValidParams(cycleParams) params: z.infer<typeof cycleParams>, @ValidQuery(rescoringQuery) query: RescoringQuery, @CurrentActor() actor: Actor): string {
    return rescoringCsv(this.rescore(params, query, actor));
  }
}
