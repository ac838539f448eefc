import { Controller, Post, Res } from '@nestjs/common';
import { scoringRules } from '@okr/goals-domain';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { commandResult, commandResultSchema } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtField } from '../../http/effective-at.request';
import { CloseCycleHandler } from './close-cycle.handler';

export const closeCycleRequest = z.strictObject({
  scoringRule: z.enum(Object.keys(scoringRules) as [string, ...string[]]).default('linear-v1').describe('the scoring rule version the final scores are computed with'),
  effectiveAt: effectiveAtField,
});
const cycleParams = z.strictObject({ cycleId: idSchema });

@Controller('cycles/:cycleId/close')
export class CloseCycleController {
  constructor(private readonly handler: CloseCycleHandler) {}

  @Post()
  @Roles('admin')
  @ApiRoute({
    summary: 'Close a cycle, recording final scores (0.0 to 1.0) of every objective and key result in it and freezing the values of its bound goals at the ledger position they were computed at',
    tags: ['cycles'],
    responses: { 201: { description: 'closed', schema: commandResultSchema } },
  })
  async close(
    @ValidParams(cycleParams) { cycleId }: z.infer<typeof cycleParams>,
    @ValidBody(closeCycleRequest) { scoringRule, effectiveAt }: z.infer<typeof closeCycleRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    return commandResult(response, cycleId, await this.handler.close(cycleId, scoringRule, { ...origin, effectiveAt }));
  }
}
