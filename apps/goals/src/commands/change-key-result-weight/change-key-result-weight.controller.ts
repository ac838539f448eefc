import { Controller, Put, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

export const changeWeightRequest = z.strictObject({ weight: z.number().min(0).max(1000) });
const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });

@Controller('objectives/:objectiveId/key-results/:keyResultId/weight')
export class ChangeKeyResultWeightController {
  constructor(private readonly commands: GoalCommands) {}

  @Put()
  @ApiRoute({ summary: "Change a key result's weight in the objective roll-up", tags: ['objectives'], responses: commandResponses })
  async change(
    @ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>,
    @ValidBody(changeWeightRequest) { weight }: z.infer<typeof changeWeightRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.objectiveInItsCycle(objectiveId, origin, async (context, cycleStatus) => ({
      type: 'ChangeKeyResultWeight',
      data: { keyResultId, weight, cycleStatus },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
