import { Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, instantSchema, nonEmptyText, ValidBody } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { ID_GENERATOR, IdGenerator } from '../../application/id-generator.port';

export const defineObjectiveRequest = z.strictObject({
  id: idSchema.optional(),
  cycleId: idSchema,
  title: nonEmptyText(200),
  description: z.string().max(5000).optional(),
  owner: z.strictObject({ type: z.enum(['company', 'department', 'team', 'person']), id: idSchema }),
  commitment: z.enum(['committed', 'aspirational']),
  effectiveAt: instantSchema.optional().describe('when the objective took effect, if earlier than now (e.g. the start of the cycle)'),
});

@Controller('objectives')
export class DefineObjectiveController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @ApiRoute({ summary: 'Define an objective owned by the company, a department or a team', tags: ['objectives'], responses: commandResponses })
  async define(@ValidBody(defineObjectiveRequest) body: z.infer<typeof defineObjectiveRequest>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const objectiveId = body.id ?? this.ids.newId();
    const { cycleId, title, description, owner, commitment } = body;
    const result = await this.commands.objective(objectiveId, { ...origin, effectiveAt: body.effectiveAt }, async (context) => {
      await this.lookups.assertOwnerExists(owner, context.effectiveAt);
      const [cycleStatus, org] = [await this.lookups.cycleStatus(cycleId), await this.lookups.organization()];
      return {
        type: 'DefineObjective',
        data: { objectiveId, cycleId, title, description, owner, commitment, cycleStatus, individualObjectivesPolicy: org.policy.individualObjectives },
        context,
      };
    });
    return commandResult(response, objectiveId, result);
  }
}
