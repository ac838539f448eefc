import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, nonEmptyText, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResult, commandResultSchema } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

export const amendScoreRequest = z.strictObject({
  objectiveId: idSchema,
  keyResultId: idSchema.optional().describe('amend a key result score; without it, the objective score'),
  score: z.number().min(0).max(1),
  reason: nonEmptyText(1000),
});
const cycleParams = z.strictObject({ cycleId: idSchema });

@Controller('cycles/:cycleId/score-amendments')
export class AmendScoreController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Correct a final score of a closed cycle, with a reason', tags: ['cycles'], responses: { 201: { description: 'amended', schema: commandResultSchema } } })
  async amend(
    @ValidParams(cycleParams) { cycleId }: z.infer<typeof cycleParams>,
    @ValidBody(amendScoreRequest) body: z.infer<typeof amendScoreRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.cycle(cycleId, { ...origin, reason: body.reason }, (context) => ({ type: 'AmendScore', data: body, context }));
    return commandResult(response, cycleId, result);
  }
}
