import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { checkInRequest, CheckInRequest } from '../../http/check-in.request';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });

@Controller('objectives/:objectiveId/key-results/:keyResultId/check-ins')
export class RecordKeyResultCheckInController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @ApiRoute({ summary: 'Check in on a key result: value, confidence, note; backdate with effectiveAt', tags: ['objectives'], responses: commandResponses })
  async checkIn(
    @ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>,
    @ValidBody(checkInRequest) { effectiveAt, ...checkIn }: CheckInRequest,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.objectiveInItsCycle(objectiveId, { ...origin, effectiveAt }, async (context, cycleStatus) => ({
      type: 'RecordKeyResultCheckIn',
      data: { ...checkIn, keyResultId, cycleStatus },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
