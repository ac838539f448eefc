import { Controller, Post, Res } from '@nestjs/common';
import { cycleWindow } from '@okr/goals-domain';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResponses, commandResult } from '../../http/command-result';
import { aggregationSchema, bindingEffectiveAtSchema, metricKeySchema, metricScopeSchema } from '../../http/metric-binding.request';
import { Origin } from '../../http/origin.decorator';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });
const bindKeyResultRequest = z.strictObject({ metric: metricKeySchema, aggregation: aggregationSchema, scope: metricScopeSchema, effectiveAt: bindingEffectiveAtSchema });

@Controller('objectives/:objectiveId/key-results/:keyResultId/metric-binding')
export class BindKeyResultToMetricController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Bind (or re-bind) a metric key result to a metric over its cycle: from its effective time its value is the metric’s, counting every fact in the cycle (admins)', tags: ['objectives', 'metrics'], responses: commandResponses })
  async bind(
    @ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>,
    @ValidBody(bindKeyResultRequest) { effectiveAt, ...body }: z.infer<typeof bindKeyResultRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.lookups.assertScopeExists(body.scope, effectiveAt);
    const result = await this.commands.objective(objectiveId, { ...origin, effectiveAt }, async (context, { state }) => {
      const cycle = await this.lookups.cycleOf(state, 'objective');
      return { type: 'BindKeyResultToMetric', data: { ...body, keyResultId, cycleStatus: cycle.status, window: cycleWindow(cycle.startsOn, cycle.endsOn) }, context };
    });
    return commandResult(response, objectiveId, result);
  }
}
