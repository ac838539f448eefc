import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResult, commandResultSchema } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

const objectiveParams = z.strictObject({ objectiveId: idSchema });

@Controller('objectives/:objectiveId/archive')
export class ArchiveObjectiveController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
  ) {}

  @Post()
  @ApiRoute({ summary: 'Archive an objective', tags: ['objectives'], responses: { 200: { description: 'nothing to change', schema: commandResultSchema }, 201: { description: 'recorded', schema: commandResultSchema } } })
  async archive(@ValidParams(objectiveParams) { objectiveId }: z.infer<typeof objectiveParams>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const result = await this.commands.objective(objectiveId, origin, async (context, current) => ({
      type: 'ArchiveObjective',
      data: { cycleStatus: await this.lookups.cycleStatusOf(current.state, 'objective') },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
