import { Controller, Get } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { BoundGoalRef } from '../../application/bound-goal';
import { BoundGoals } from '../../application/bound-goals';
import { GoalLookups } from '../../application/goal-lookups';
import { GoalQueries } from '../../application/goal-queries';
import { TargetAccess } from '../../application/target-access';
import { timeTravelQuery, TimeTravelQuery } from '../../http/time-travel.query';
import { metricLineage } from './metric-lineage.view';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });
const kpiParams = z.strictObject({ kpiId: idSchema });
const targetParams = z.strictObject({ targetId: idSchema });
const responses = { 200: 'the value and the records behind it', 404: 'no such goal, not bound to a metric (then), or not visible to the caller' };

/** Where a bound goal's number comes from: every data point and source record that produced it, now or at any instant. */
@Controller()
export class MetricLineageController {
  constructor(
    private readonly goals: BoundGoals,
    private readonly queries: GoalQueries,
    private readonly lookups: GoalLookups,
    private readonly access: TargetAccess,
  ) {}

  @Get('objectives/:objectiveId/key-results/:keyResultId/lineage')
  @ApiRoute({ summary: 'The data points and source records behind a bound key result’s value; others’ private rows only summed', tags: ['objectives', 'metrics'], responses })
  keyResult(@ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor) {
    return this.lineage({ kind: 'objective', id: objectiveId, keyResultId }, at, actor);
  }

  @Get('kpis/:kpiId/lineage')
  @ApiRoute({ summary: 'The data points and source records behind a bound KPI’s value; others’ private rows only summed', tags: ['kpis', 'metrics'], responses })
  kpi(@ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor) {
    return this.lineage({ kind: 'kpi', id: kpiId }, at, actor);
  }

  @Get('targets/:targetId/lineage')
  @ApiRoute({ summary: 'The data points and source records behind a bound target’s value; only for the person, their leads and admins', tags: ['targets', 'metrics'], responses })
  async target(@ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor) {
    await this.access.assertMaySeeTarget(actor, targetId);
    return this.lineage({ kind: 'target', id: targetId }, at, actor);
  }

  private async lineage(goal: BoundGoalRef, at: TimeTravelQuery, actor: Actor) {
    const { boundMetric } = await this.goals.read(goal, at);
    const org = await this.lookups.organization();
    const lineage = metricLineage(boundMetric, this.queries.valueInstants(at), org, { personId: actor.id, isAdmin: actor.isAdmin });
    return { goal, ...(at.asOf ? { asOf: at.asOf } : {}), ...(at.knownAt ? { knownAt: at.knownAt } : {}), ...lineage };
  }
}
