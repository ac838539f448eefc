import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

const objectiveParams = z.strictObject({ objectiveId: idSchema });

@Controller('objectives/:objectiveId/archive')
export class ArchiveObjectiveController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @ApiRoute({ summary: 'Archive an objective', tags: ['objectives'], responses: commandResponses })
  async archive(@ValidParams(objectiveParams) { objectiveId }: z.infer<typeof objectiveParams>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const result = await this.commands.objectiveInItsCycle(objectiveId, origin, async (context, cycleStatus) => ({
      type: 'ArchiveObjective',
      data: { cycleStatus },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
