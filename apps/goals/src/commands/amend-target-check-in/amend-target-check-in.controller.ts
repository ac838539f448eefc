import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { Actor, CurrentActor } from '@okr/service-kit';
import { GoalLookups } from '../../application/goal-lookups';
import { TargetAccess } from '../../application/target-access';
import { amendmentRequest, AmendmentRequest } from '../../http/check-in.request';

const targetParams = z.strictObject({ targetId: idSchema });

@Controller('targets/:targetId/amendments')
export class AmendTargetCheckInController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    private readonly access: TargetAccess,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Correct an individual target after its cycle closed, with a reason', tags: ['targets'], responses: commandResponses })
  async amend(
    @ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>,
    @ValidBody(amendmentRequest) { effectiveAt, ...amendment }: AmendmentRequest,
    @CurrentActor() actor: Actor,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.target(targetId, { ...origin, effectiveAt, reason: amendment.reason }, async (context, { state }) => {
      await this.access.assertMaySee(actor, state);
      return { type: 'AmendTargetCheckIn', data: { ...amendment, cycleStatus: await this.lookups.cycleStatus(state.cycleId) }, context };
    });
    return commandResult(response, targetId, result);
  }
}
