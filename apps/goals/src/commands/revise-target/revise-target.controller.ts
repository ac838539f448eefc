import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, nonEmptyText, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { Actor, CurrentActor } from '@okr/service-kit';
import { GoalLookups } from '../../application/goal-lookups';
import { TargetAccess } from '../../application/target-access';

export const reviseTargetRequest = z.strictObject({ targetValue: z.number().positive(), reason: nonEmptyText(1000) });
const targetParams = z.strictObject({ targetId: idSchema });

@Controller('targets/:targetId/revisions')
export class ReviseTargetController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    private readonly access: TargetAccess,
  ) {}

  @Post()
  @ApiRoute({ summary: 'Revise a target; the original value is kept for attainment against either', tags: ['targets'], responses: commandResponses })
  async revise(
    @ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>,
    @ValidBody(reviseTargetRequest) { targetValue, reason }: z.infer<typeof reviseTargetRequest>,
    @CurrentActor() actor: Actor,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.target(targetId, { ...origin, reason }, async (context, { state }) => {
      await this.access.assertMaySee(actor, state);
      await this.access.assertMayRevise(actor, state);
      return { type: 'ReviseTarget', data: { targetValue, reason, cycleStatus: await this.lookups.cycleStatus(state.cycleId) }, context };
    });
    return commandResult(response, targetId, result);
  }
}
