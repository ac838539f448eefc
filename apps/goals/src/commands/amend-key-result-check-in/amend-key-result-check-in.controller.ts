import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { amendmentRequest, AmendmentRequest } from '../../http/check-in.request';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });

@Controller('objectives/:objectiveId/key-results/:keyResultId/amendments')
export class AmendKeyResultCheckInController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Correct a key result after its cycle closed, with a reason', tags: ['objectives'], responses: commandResponses })
  async amend(
    @ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>,
    @ValidBody(amendmentRequest) { effectiveAt, ...amendment }: AmendmentRequest,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.objectiveInItsCycle(objectiveId, { ...origin, effectiveAt, reason: amendment.reason }, async (context, cycleStatus) => ({
      type: 'AmendKeyResultCheckIn',
      data: { ...amendment, keyResultId, cycleStatus },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
