import { Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, nonEmptyText, Roles, ValidBody } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtField } from '../../http/effective-at.request';
import { GoalLookups } from '../../application/goal-lookups';
import { ID_GENERATOR, IdGenerator } from '../../application/id-generator.port';
import { kpiGoalRequest } from './kpi-goal.request';

export const defineKpiRequest = z.strictObject({ id: idSchema.optional(), unitId: idSchema, name: nonEmptyText(200), unit: nonEmptyText(50), ...kpiGoalRequest, effectiveAt: effectiveAtField });

@Controller('kpis')
export class DefineKpiController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Define a KPI: a business-as-usual metric of a unit with a target or a healthy band', tags: ['kpis'], responses: commandResponses })
  async define(@ValidBody(defineKpiRequest) body: z.infer<typeof defineKpiRequest>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const kpiId = body.id ?? this.ids.newId();
    const { id: _id, effectiveAt, ...kpi } = body;
    const result = await this.commands.kpi(kpiId, { ...origin, effectiveAt }, async (context) => {
      const unit = (await this.lookups.organizationAt(context.effectiveAt)).units[kpi.unitId];
      return { type: 'DefineKpi', data: { ...kpi, kpiId, unitActive: !!unit && !unit.archived }, context };
    });
    return commandResult(response, kpiId, result);
  }
}
