import { Controller, Get } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, idSchema, instantSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { viewerOf } from '../../application/viewer';
import { AuditedGoalKind, GoalAuditTrail } from './goal-audit-trail';

const idParams = z.strictObject({ id: idSchema });
const historyQuery = z.strictObject({
  knownAt: instantSchema.optional().describe('transaction time: only the changes the platform had recorded by then'),
});
type IdParams = z.infer<typeof idParams>;
type HistoryQuery = z.infer<typeof historyQuery>;

const route = (what: string, notFound = 'no such goal') => ({
  summary: `The audit history of ${what}: each change with its actor, both times (recordedAt, effectiveAt), reason and what it changed`,
  tags: ['audit'],
  responses: { 200: 'the changes in the order they were recorded', 404: notFound },
});

/** Who changed a goal, what, when (both times) and why, from the goal events reporting keeps. */
@Controller()
export class GoalHistoryController {
  constructor(private readonly trail: GoalAuditTrail) {}

  @Get('objectives/:id/history')
  @ApiRoute(route('an objective and its key results'))
  objective(@ValidParams(idParams) { id }: IdParams, @ValidQuery(historyQuery) query: HistoryQuery, @CurrentActor() actor: Actor) {
    return this.answer('objective', id, query, actor);
  }

  @Get('kpis/:id/history')
  @ApiRoute(route('a KPI'))
  kpi(@ValidParams(idParams) { id }: IdParams, @ValidQuery(historyQuery) query: HistoryQuery, @CurrentActor() actor: Actor) {
    return this.answer('kpi', id, query, actor);
  }

  @Get('targets/:id/history')
  @ApiRoute(route('an individual target: only for the person, the leads above them and admins', 'no such target, or not visible to the caller'))
  target(@ValidParams(idParams) { id }: IdParams, @ValidQuery(historyQuery) query: HistoryQuery, @CurrentActor() actor: Actor) {
    return this.answer('target', id, query, actor);
  }

  private async answer(kind: AuditedGoalKind, id: string, query: HistoryQuery, actor: Actor) {
    const knownAt = query.knownAt ? Date.parse(query.knownAt) : undefined;
    return { goal: { kind, id }, changes: await this.trail.changes(kind, id, viewerOf(actor), knownAt) };
  }
}
