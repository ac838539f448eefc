import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtQuery } from '../../http/effective-at.request';

const unitParams = z.strictObject({ unitId: idSchema });

@Controller('org/units/:unitId/archive')
export class ArchiveUnitController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Archive an org unit (none of its sub-units may be active)', tags: ['organisation'], responses: commandResponses })
  async archive(
    @ValidParams(unitParams) { unitId }: z.infer<typeof unitParams>,
    @ValidQuery(effectiveAtQuery) { effectiveAt }: z.infer<typeof effectiveAtQuery>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.organization({ ...origin, effectiveAt }, (context) => ({ type: 'ArchiveUnit', data: { unitId }, context }));
    return commandResult(response, unitId, result);
  }
}
