import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtField } from '../../http/effective-at.request';

export const moveUnitRequest = z.strictObject({ parentId: idSchema, effectiveAt: effectiveAtField });
const unitParams = z.strictObject({ unitId: idSchema });

@Controller('org/units/:unitId/move')
export class MoveUnitController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Move an org unit under another parent', tags: ['organisation'], responses: commandResponses })
  async move(
    @ValidParams(unitParams) { unitId }: z.infer<typeof unitParams>,
    @ValidBody(moveUnitRequest) { parentId, effectiveAt }: z.infer<typeof moveUnitRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.organization({ ...origin, effectiveAt }, (context) => ({ type: 'MoveUnit', data: { unitId, parentId }, context }));
    return commandResult(response, unitId, result);
  }
}
