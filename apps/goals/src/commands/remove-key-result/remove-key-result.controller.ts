import { Controller, Delete, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResult, commandResultSchema } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });

@Controller('objectives/:objectiveId/key-results/:keyResultId')
export class RemoveKeyResultController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
  ) {}

  @Delete()
  @ApiRoute({ summary: 'Remove a key result (its history stays in the audit trail)', tags: ['objectives'], responses: { 200: { description: 'nothing to change', schema: commandResultSchema }, 201: { description: 'recorded', schema: commandResultSchema } } })
  async remove(@ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const result = await this.commands.objective(objectiveId, origin, async (context, current) => ({
      type: 'RemoveKeyResult',
      data: { keyResultId, cycleStatus: await this.lookups.cycleStatusOf(current.state, 'objective') },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
