import { Controller, Get, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { GoalQueries } from '../../application/goal-queries';
import { timeTravelQuery, TimeTravelQuery, withVersion } from '../../http/time-travel.query';
import { targetAttainment } from '@okr/goals-domain';
import { GoalValues } from '../../application/goal-values';
import { Actor, CurrentActor } from '@okr/service-kit';
import { TargetAccess } from '../../application/target-access';

const targetParams = z.strictObject({ targetId: idSchema });

@Controller('targets/:targetId')
export class GetTargetController {
  constructor(
    private readonly queries: GoalQueries,
    private readonly access: TargetAccess,
    private readonly values: GoalValues,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'An individual target with attainment against the original and the revised value; only for the person, their leads and admins',
    tags: ['targets'],
    responses: { 200: 'the target', 404: 'no such target, or not visible to the caller' },
  })
  async get(
    @ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>,
    @ValidQuery(timeTravelQuery) at: TimeTravelQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.access.assertMaySeeTarget(actor, targetId);
    const read = await this.queries.state('target', targetId, at);
    const value = (await this.values.at(at, read.state.cycleId)).value(read.state, { kind: 'target', id: targetId });
    return withVersion(response, at, targetId, read, { state: { ...read.state, currentValue: value }, attainment: targetAttainment(read.state, value) });
  }
}
