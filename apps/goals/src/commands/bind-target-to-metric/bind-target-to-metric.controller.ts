import { Controller, Post, Res } from '@nestjs/common';
import { cycleWindow } from '@okr/goals-domain';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResponses, commandResult } from '../../http/command-result';
import { aggregationSchema, bindingEffectiveAtSchema } from '../../http/metric-binding.request';
import { Origin } from '../../http/origin.decorator';

const targetParams = z.strictObject({ targetId: idSchema });
const bindTargetRequest = z.strictObject({ aggregation: aggregationSchema, effectiveAt: bindingEffectiveAtSchema });

@Controller('targets/:targetId/metric-binding')
export class BindTargetToMetricController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({
    summary: 'Bind (or re-bind) an individual target to its metric for its person over its cycle: from its effective time its value is the sum of that person’s facts in the cycle (admins)',
    tags: ['targets', 'metrics'],
    responses: commandResponses,
  })
  async bind(
    @ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>,
    @ValidBody(bindTargetRequest) { aggregation, effectiveAt }: z.infer<typeof bindTargetRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.target(targetId, { ...origin, effectiveAt }, async (context, { state }) => {
      const cycle = await this.lookups.cycleOf(state, 'target');
      return { type: 'BindTargetToMetric', data: { aggregation, cycleStatus: cycle.status, window: cycleWindow(cycle.startsOn, cycle.endsOn) }, context };
    });
    return commandResult(response, targetId, result);
  }
}
