import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { checkInRequest, CheckInRequest } from '../../http/check-in.request';

const kpiParams = z.strictObject({ kpiId: idSchema });

@Controller('kpis/:kpiId/check-ins')
export class RecordKpiCheckInController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @ApiRoute({ summary: 'Check in on a KPI: value, confidence, note; backdate with effectiveAt', tags: ['kpis'], responses: commandResponses })
  async checkIn(
    @ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>,
    @ValidBody(checkInRequest) { effectiveAt, ...checkIn }: CheckInRequest,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.kpi(kpiId, { ...origin, effectiveAt }, (context) => ({ type: 'RecordKpiCheckIn', data: checkIn, context }));
    return commandResult(response, kpiId, result);
  }
}
