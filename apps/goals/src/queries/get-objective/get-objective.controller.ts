import { Controller, Get, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { GoalQueries } from '../../application/goal-queries';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';
import { objectiveView } from './objective.view';

const objectiveParams = z.strictObject({ objectiveId: idSchema });

@Controller('objectives/:objectiveId')
export class GetObjectiveController {
  constructor(private readonly queries: GoalQueries) {}

  @Get()
  @ApiRoute({
    summary: 'An objective with its key results and weighted progress, now, as of an instant, or as known at an instant',
    tags: ['objectives'],
    responses: { 200: 'the objective' },
  })
  async get(@ValidParams(objectiveParams) { objectiveId }: z.infer<typeof objectiveParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @Res({ passthrough: true }) response: Response) {
    const read = await this.queries.state('objective', objectiveId, at);
    return withVersion(response, at, objectiveId, read, objectiveView(read.state, this.queries.valueInstants(at)));
  }
}
