import { Controller, Delete, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, Roles, ValidBody, ValidParams, ValidQuery } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtField, effectiveAtQuery } from '../../http/effective-at.request';

const personRequest = z.strictObject({ personId: idSchema, effectiveAt: effectiveAtField });
const unitParams = z.strictObject({ unitId: idSchema });
const unitPersonParams = z.strictObject({ unitId: idSchema, personId: idSchema });

@Controller('org/units/:unitId/members')
export class ManageMembershipController {
  constructor(private readonly commands: GoalCommands) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Make a person a member of a unit', tags: ['organisation'], responses: commandResponses })
  async add(
    @ValidParams(unitParams) { unitId }: z.infer<typeof unitParams>,
    @ValidBody(personRequest) { personId, effectiveAt }: z.infer<typeof personRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const type = 'AddMember' as const;
    return commandResult(response, unitId, await this.commands.organization({ ...origin, effectiveAt }, (context) => ({ type, data: { unitId, personId }, context })));
  }

  @Delete(':personId')
  @Roles('admin')
  @ApiRoute({ summary: 'Remove a member from a unit', tags: ['organisation'], responses: commandResponses })
  async remove(
    @ValidParams(unitPersonParams) { unitId, personId }: z.infer<typeof unitPersonParams>,
    @ValidQuery(effectiveAtQuery) { effectiveAt }: z.infer<typeof effectiveAtQuery>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const type = 'RemoveMember' as const;
    return commandResult(response, unitId, await this.commands.organization({ ...origin, effectiveAt }, (context) => ({ type, data: { unitId, personId }, context })));
  }
}
