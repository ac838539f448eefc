import { Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, nonEmptyText, Roles, ValidBody } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { ID_GENERATOR, IdGenerator } from '../../application/id-generator.port';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtField } from '../../http/effective-at.request';

export const createUnitRequest = z.strictObject({
  id: idSchema.optional().describe('chosen by the client (e.g. a slug), or generated'),
  name: nonEmptyText(200),
  kind: z.enum(['company', 'department', 'team']),
  parentId: idSchema.optional().describe('required for departments and teams'),
  effectiveAt: effectiveAtField,
});

@Controller('org/units')
export class CreateUnitController {
  constructor(
    private readonly commands: GoalCommands,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Create an org unit: the company, a department or a team', tags: ['organisation'], responses: commandResponses })
  async create(@ValidBody(createUnitRequest) body: z.infer<typeof createUnitRequest>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const unitId = body.id ?? this.ids.newId();
    const { name, kind, parentId } = body;
    const result = await this.commands.organization({ ...origin, effectiveAt: body.effectiveAt }, (context) => ({ type: 'CreateUnit', data: { unitId, name, kind, parentId }, context }));
    return commandResult(response, unitId, result);
  }
}
