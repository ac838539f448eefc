import { Controller, Get, Res } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { GoalLookups } from '../../application/goal-lookups';
import { GoalQueries } from '../../application/goal-queries';
import { GoalValues } from '../../application/goal-values';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';
import { objectiveView } from './objective.view';

const objectiveParams = z.strictObject({ objectiveId: idSchema });

@Controller('objectives/:objectiveId')
export class GetObjectiveController {
  constructor(
    private readonly queries: GoalQueries,
    private readonly lookups: GoalLookups,
    private readonly values: GoalValues,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'An objective with its key results and weighted progress, now, as of an instant, or as known at an instant',
    tags: ['objectives'],
    responses: { 200: 'the objective' },
  })
  async get(@ValidParams(objectiveParams) { objectiveId }: z.infer<typeof objectiveParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response) {
    const read = await this.queries.state('objective', objectiveId, at);
    const viewer = { personId: actor.id, isAdmin: actor.isAdmin };
    const values = await this.values.forViewer(at, read.state.cycleId, viewer);
    const view = objectiveView(read.state, values, await this.lookups.organization(), viewer);
    return withVersion(response, at, objectiveId, read, view);
  }
}
