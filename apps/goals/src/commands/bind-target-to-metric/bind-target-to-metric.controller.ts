import { Controller, Post, Res } from '@nestjs/common';
import { cycleWindow } from '@okr/goals-domain';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { MetricBindingIndex } from '../../application/metric-binding-index';
import { commandResponses, commandResult } from '../../http/command-result';
import { aggregationSchema } from '../../http/metric-binding.request';
import { Origin } from '../../http/origin.decorator';

const targetParams = z.strictObject({ targetId: idSchema });
const bindTargetRequest = z.strictObject({ aggregation: aggregationSchema });

@Controller('targets/:targetId/metric-binding')
export class BindTargetToMetricController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    private readonly index: MetricBindingIndex,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({
    summary: 'Bind an individual target to its metric for its person over its cycle: from then on that person’s data points move it (admins)',
    tags: ['targets', 'metrics'],
    responses: commandResponses,
  })
  async bind(
    @ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>,
    @ValidBody(bindTargetRequest) { aggregation }: z.infer<typeof bindTargetRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.target(targetId, origin, async (context, { state }) => {
      const cycle = await this.lookups.cycleOf(state, 'target');
      return { type: 'BindTargetToMetric', data: { aggregation, cycleStatus: cycle.status, window: cycleWindow(cycle.startsOn, cycle.endsOn) }, context };
    });
    this.index.learn({ kind: 'target', id: targetId }, result.events);
    return commandResult(response, targetId, result);
  }
}
