import { Controller, Put, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { kpiGoalRequest } from '../define-kpi/kpi-goal.request';

export const changeKpiGoalRequest = z.strictObject(kpiGoalRequest);
const kpiParams = z.strictObject({ kpiId: idSchema });

@Controller('kpis/:kpiId/goal')
export class ChangeKpiGoalController {
  constructor(private readonly commands: GoalCommands) {}

  @Put()
  @Roles('admin')
  @ApiRoute({ summary: "Change a KPI's target or band", tags: ['kpis'], responses: commandResponses })
  async change(
    @ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>,
    @ValidBody(changeKpiGoalRequest) goal: z.infer<typeof changeKpiGoalRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    return commandResult(response, kpiId, await this.commands.kpi(kpiId, origin, (context) => ({ type: 'ChangeKpiGoal', data: goal, context })));
  }
}
