import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { Actor, CurrentActor } from '@okr/service-kit';
import { GoalLookups } from '../../application/goal-lookups';
import { TargetAccess } from '../../application/target-access';
import { checkInRequest, CheckInRequest } from '../../http/check-in.request';

const targetParams = z.strictObject({ targetId: idSchema });

@Controller('targets/:targetId/check-ins')
export class RecordTargetCheckInController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    private readonly access: TargetAccess,
  ) {}

  @Post()
  @ApiRoute({ summary: 'Check in on an individual target (the person, their leads or an admin)', tags: ['targets'], responses: commandResponses })
  async checkIn(
    @ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>,
    @ValidBody(checkInRequest) { effectiveAt, ...checkIn }: CheckInRequest,
    @CurrentActor() actor: Actor,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.target(targetId, { ...origin, effectiveAt }, async (context, { state }) => {
      await this.access.assertMaySee(actor, state);
      return { type: 'RecordTargetCheckIn', data: { ...checkIn, cycleStatus: await this.lookups.cycleStatus(state.cycleId) }, context };
    });
    return commandResult(response, targetId, result);
  }
}
