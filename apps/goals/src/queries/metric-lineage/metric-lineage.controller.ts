import { Controller, Get } from '@nestjs/common';
import { BoundGoalRef, describeGoal, NotFoundError, ValuedGoal } from '@okr/goals-domain';
import { Actor, ApiRoute, CurrentActor, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { GoalLookups } from '../../application/goal-lookups';
import { GoalQueries } from '../../application/goal-queries';
import { GoalValues } from '../../application/goal-values';
import { TargetAccess } from '../../application/target-access';
import { timeTravelQuery, TimeTravelQuery } from '../../http/time-travel.query';
import { metricLineage } from './metric-lineage.view';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });
const kpiParams = z.strictObject({ kpiId: idSchema });
const targetParams = z.strictObject({ targetId: idSchema });
const responses = { 200: 'the value and the facts behind it', 404: 'no such goal, not bound to a metric (then), or not visible to the caller' };

/** Where a bound goal's number comes from: every ledger fact and source record behind it, now or at any instant. */
@Controller()
export class MetricLineageController {
  constructor(
    private readonly queries: GoalQueries,
    private readonly values: GoalValues,
    private readonly lookups: GoalLookups,
    private readonly access: TargetAccess,
  ) {}

  @Get('objectives/:objectiveId/key-results/:keyResultId/lineage')
  @ApiRoute({ summary: 'The facts and source records behind a bound key result’s value; others’ private rows only summed', tags: ['objectives', 'metrics'], responses })
  async keyResult(@ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor) {
    const { state } = await this.queries.state('objective', objectiveId, at);
    return this.lineage({ kind: 'objective', id: objectiveId, keyResultId }, state.keyResults[keyResultId], at, actor, state.cycleId);
  }

  @Get('kpis/:kpiId/lineage')
  @ApiRoute({ summary: 'The facts and source records behind a bound KPI’s value; others’ private rows only summed', tags: ['kpis', 'metrics'], responses })
  async kpi(@ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor) {
    const { state } = await this.queries.state('kpi', kpiId, at);
    return this.lineage({ kind: 'kpi', id: kpiId }, state, at, actor);
  }

  @Get('targets/:targetId/lineage')
  @ApiRoute({ summary: 'The facts and source records behind a bound target’s value; only for the person, their leads and admins', tags: ['targets', 'metrics'], responses })
  async target(@ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor) {
    await this.access.assertMaySeeTarget(actor, targetId);
    const { state } = await this.queries.state('target', targetId, at);
    return this.lineage({ kind: 'target', id: targetId }, state, at, actor, state.cycleId);
  }

  private async lineage(goal: BoundGoalRef, valued: ValuedGoal | undefined, at: TimeTravelQuery, actor: Actor, cycleId?: string) {
    const viewer = { personId: actor.id, isAdmin: actor.isAdmin };
    const values = await this.values.forViewer(at, cycleId, viewer);
    const binding = valued && values.binding(valued);
    if (!valued || !binding) throw new NotFoundError(`${describeGoal(goal)} is not bound to a metric${at.asOf || at.knownAt ? ' at that time' : ''}`);
    const org = await this.lookups.organization();
    const lineage = metricLineage(binding, values.reading(valued, goal)!, values.counted(valued, goal), org, viewer, values.disclosure(valued, goal, org, viewer));
    return { goal, ...(at.asOf ? { asOf: at.asOf } : {}), ...(at.knownAt ? { knownAt: at.knownAt } : {}), ...lineage };
  }
}
