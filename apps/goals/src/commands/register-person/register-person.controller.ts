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

export const registerPersonRequest = z.strictObject({
  id: idSchema.optional(),
  name: nonEmptyText(200),
  email: z.email('must be an e-mail address'),
  effectiveAt: effectiveAtField,
});

@Controller('org/people')
export class RegisterPersonController {
  constructor(
    private readonly commands: GoalCommands,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @Roles('admin')
  @ApiRoute({ summary: 'Register a person', tags: ['organisation'], responses: commandResponses })
  async register(@ValidBody(registerPersonRequest) body: z.infer<typeof registerPersonRequest>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const personId = body.id ?? this.ids.newId();
    const result = await this.commands.organization({ ...origin, effectiveAt: body.effectiveAt }, (context) => ({ type: 'RegisterPerson', data: { personId, name: body.name, email: body.email }, context }));
    return commandResult(response, personId, result);
  }
}
