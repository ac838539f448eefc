import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, nonEmptyText, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtField } from '../../http/effective-at.request';

export const renameUnitRequest = z.strictObject({ name: nonEmptyText(200), effectiveAt: effectiveAtField });
const unitParams = z.strictObject({ unitId: idSchema });

@Controller('org/units/:unitId/rename')
export class RenameUnitController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Rename an org unit', tags: ['organisation'], responses: commandResponses })
  async rename(
    @ValidParams(unitParams) { unitId }: z.infer<typeof unitParams>,
    @ValidBody(renameUnitRequest) { name, effectiveAt }: z.infer<typeof renameUnitRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.organization({ ...origin, effectiveAt }, (context) => ({ type: 'RenameUnit', data: { unitId, name }, context }));
    return commandResult(response, unitId, result);
  }
}
