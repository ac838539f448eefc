import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResult, commandResultSchema } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { amendmentRequest, AmendmentRequest } from '../../http/check-in.request';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });

@Controller('objectives/:objectiveId/key-results/:keyResultId/amendments')
export class AmendKeyResultCheckInController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Correct a key result after its cycle closed, with a reason', tags: ['objectives'], responses: { 200: { description: 'nothing to change', schema: commandResultSchema }, 201: { description: 'recorded', schema: commandResultSchema } } })
  async amend(
    @ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>,
    @ValidBody(amendmentRequest) { effectiveAt, ...amendment }: AmendmentRequest,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.objective(objectiveId, { ...origin, effectiveAt, reason: amendment.reason }, async (context, current) => ({
      type: 'AmendKeyResultCheckIn',
      data: { ...amendment, keyResultId, cycleStatus: await this.lookups.cycleStatusOf(current.state, 'objective') },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
