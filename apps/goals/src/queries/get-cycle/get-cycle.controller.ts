import { Controller, Get, Res } from '@nestjs/common';
import { IndividualTargetState, ObjectiveState } from '@okr/goals-domain';
import { Actor, ApiRoute, CurrentActor, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { GoalLookups } from '../../application/goal-lookups';
import { GoalQueries } from '../../application/goal-queries';
import { GoalValues } from '../../application/goal-values';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';
import { cycleView } from './cycle.view';

const cycleParams = z.strictObject({ cycleId: idSchema });

@Controller('cycles/:cycleId')
export class GetCycleController {
  constructor(
    private readonly queries: GoalQueries,
    private readonly lookups: GoalLookups,
    private readonly values: GoalValues,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'A cycle: dates, status and, once closed, the final scores and frozen values the viewer may see',
    tags: ['cycles'],
    responses: { 200: 'the cycle' },
  })
  async get(@ValidParams(cycleParams) { cycleId }: z.infer<typeof cycleParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response) {
    const read = await this.queries.state('cycle', cycleId, at);
    const cycle = read.state;
    const objectiveIds = new Set([...cycle.scores.map((score) => score.objectiveId), ...Object.values(cycle.frozen).flatMap(({ goal }) => (goal.kind === 'objective' ? [goal.id] : []))]);
    const targetIds = Object.values(cycle.frozen).flatMap(({ goal }) => (goal.kind === 'target' ? [goal.id] : []));
    const objectives = new Map<string, ObjectiveState | undefined>();
    const targets = new Map<string, IndividualTargetState | undefined>();
    for (const id of objectiveIds) objectives.set(id, await this.queries.stateIfAny('objective', id, at));
    for (const id of targetIds) targets.set(id, await this.queries.stateIfAny('target', id));
    // Disclosure judged on the cycle's last instant, where its goals were bound and counted.
    const lastInstant = new Date(Date.parse(`${cycle.endsOn}T00:00:00.000Z`) + 86_400_000 - 1).toISOString();
    const viewer = { personId: actor.id, isAdmin: actor.isAdmin };
    const values = await this.values.forViewer({ knownAt: at.knownAt, asOf: lastInstant }, cycleId, viewer);
    const view = cycleView(cycle, { objective: (id) => objectives.get(id), target: (id) => targets.get(id) }, values, await this.lookups.organization(), viewer);
    return withVersion(response, at, cycleId, read, view);
  }
}
