import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

const kpiParams = z.strictObject({ kpiId: idSchema });

@Controller('kpis/:kpiId/archive')
export class ArchiveKpiController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Archive a KPI', tags: ['kpis'], responses: commandResponses })
  async archive(@ValidParams(kpiParams) { kpiId }: z.infer<typeof kpiParams>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    return commandResult(response, kpiId, await this.commands.kpi(kpiId, origin, (context) => ({ type: 'ArchiveKpi', data: {}, context })));
  }
}
