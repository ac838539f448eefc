import { Controller, Get, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { GoalQueries } from '../../application/goal-queries';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';

const cycleParams = z.strictObject({ cycleId: idSchema });

@Controller('cycles/:cycleId')
export class GetCycleController {
  constructor(private readonly queries: GoalQueries) {}

  @Get()
  @ApiRoute({ summary: 'A cycle: dates, status and, once closed, the final scores', tags: ['cycles'], responses: { 200: 'the cycle' } })
  async get(@ValidParams(cycleParams) { cycleId }: z.infer<typeof cycleParams>, @ValidQuery(timeTravelQuery) at: TimeTravelQuery, @Res({ passthrough: true }) response: Response) {
    const read = await this.queries.state('cycle', cycleId, at);
    return withVersion(response, at, cycleId, read, { state: read.state });
  }
}
