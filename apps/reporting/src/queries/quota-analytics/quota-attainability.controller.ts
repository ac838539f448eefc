import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, timeTravelQuerySchema, ValidParams, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { QuotaAttainability } from '../../application/quota-attainability';
import { ATTAINABILITY_RULE } from '../../application/quota-attainability.rule';
import { viewerOf } from '../../application/viewer';
import { instantOf } from '../../history/instant';
import { quotaRowsCsv } from './quota-analytics.csv';
import { personParams, proposalAttainabilityQuery, targetAttainabilityQuery, targetParams, TimeTravelQuery, unitCycleParams, UnitCycleParams } from './quota-analytics.request';

const HISTORY =
  'Compared with what the person attained in past cycles (value and attainment, each cycle as of its end) and with what the unit’s people attained for the same metric ' +
  `(median, best, distribution; each past cycle’s aggregate under the dashboards’ disclosure rules). Rule: ${ATTAINABILITY_RULE}.`;

@Controller()
export class QuotaAttainabilityController {
  constructor(
    private readonly attainability: QuotaAttainability,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('targets/:targetId/attainability')
  @ApiRoute({
    summary: 'Is this quota (or a proposed revision of it) attainable, judged against history?',
    description: `${HISTORY} Only for the person, the leads of the unit and above, and admins: to anyone else the quota does not exist (404).`,
    tags: ['quotas'],
    responses: { 200: 'the person’s and the unit’s history, and the flag', 404: 'no such quota that the caller may see' },
  })
  forTarget(@ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>, @ValidQuery(targetAttainabilityQuery) query: z.infer<typeof targetAttainabilityQuery>, @CurrentActor() actor: Actor) {
    return this.attainability.forTarget(targetId, query.proposed, instantOf(query, this.clock.now()), viewerOf(actor));
  }

  @Get('people/:personId/quota-attainability')
  @ApiRoute({
    summary: 'Is a proposed quota for a person in a unit attainable, judged against history?',
    description: `${HISTORY} Only for the person, the leads of the unit and above, and admins (403 for anyone else).`,
    tags: ['quotas'],
    responses: { 200: 'the person’s and the unit’s history, and the flag', 404: 'no such cycle at that instant' },
  })
  forProposal(@ValidParams(personParams) { personId }: z.infer<typeof personParams>, @ValidQuery(proposalAttainabilityQuery) query: z.infer<typeof proposalAttainabilityQuery>, @CurrentActor() actor: Actor) {
    const { unitId, metric, cycleId, proposed } = query;
    return this.attainability.forProposal({ personId, unitId, metric, cycleId }, proposed, instantOf(query, this.clock.now()), viewerOf(actor));
  }

  @Get('units/:unitId/cycles/:cycleId/quota-rows')
  @ApiRoute({
    summary: 'The dashboard’s quota rows the caller may see, each with its history and the attainability flag',
    description: `The rows of the unit and the units below it that the caller may see (their own, every row below a unit they lead, all for admins); nobody else’s. ${HISTORY}`,
    tags: ['quotas'],
    responses: { 200: 'the visible rows with their history', 404: 'no such unit or cycle at that instant' },
  })
  rows(@ValidParams(unitCycleParams) params: UnitCycleParams, @ValidQuery(timeTravelQuerySchema) query: TimeTravelQuery, @CurrentActor() actor: Actor) {
    return this.attainability.forRows(params.unitId, params.cycleId, instantOf(query, this.clock.now()), viewerOf(actor));
  }

  @Get('units/:unitId/cycles/:cycleId/quota-rows.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiRoute({
    summary: 'The same rows as CSV, under the same privacy rules',
    tags: ['quotas'],
    responses: { 200: { description: 'one line per visible quota', contentType: 'text/csv' }, 404: 'no such unit or cycle at that instant' },
  })
  async rowsCsv(@ValidParams(unitCycleParams) params: UnitCycleParams, @ValidQuery(timeTravelQuerySchema) query: TimeTravelQuery, @CurrentActor() actor: Actor): Promise<string> {
    return quotaRowsCsv((await this.rows(params, query, actor)).rows);
  }
}
