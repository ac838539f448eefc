import { Controller, Delete, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });

@Controller('objectives/:objectiveId/key-results/:keyResultId')
export class RemoveKeyResultController {
  constructor(private readonly commands: GoalCommands) {}

  @Delete()
  @ApiRoute({ summary: 'Remove a key result (its history stays in the audit trail)', tags: ['objectives'], responses: commandResponses })
  async remove(@ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const result = await this.commands.objectiveInItsCycle(objectiveId, origin, async (context, cycleStatus) => ({
      type: 'RemoveKeyResult',
      data: { keyResultId, cycleStatus },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
