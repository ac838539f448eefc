import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResult, commandResultSchema } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { checkInRequest, CheckInRequest } from '../../http/check-in.request';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });

@Controller('objectives/:objectiveId/key-results/:keyResultId/check-ins')
export class RecordKeyResultCheckInController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
  ) {}

  @Post()
  @ApiRoute({ summary: 'Check in on a key result: value, confidence, note; backdate with effectiveAt', tags: ['objectives'], responses: { 200: { description: 'nothing to change', schema: commandResultSchema }, 201: { description: 'recorded', schema: commandResultSchema } } })
  async checkIn(
    @ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>,
    @ValidBody(checkInRequest) { effectiveAt, ...checkIn }: CheckInRequest,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.objective(objectiveId, { ...origin, effectiveAt }, async (context, current) => ({
      type: 'RecordKeyResultCheckIn',
      data: { ...checkIn, keyResultId, cycleStatus: await this.lookups.cycleStatusOf(current.state, 'objective') },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
