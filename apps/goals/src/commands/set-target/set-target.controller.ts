import { Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, instantSchema, nonEmptyText, ValidBody } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { Actor, CurrentActor, validationProblem } from '@okr/service-kit';
import { GoalLookups } from '../../application/goal-lookups';
import { TargetAccess } from '../../application/target-access';
import { ID_GENERATOR, IdGenerator } from '../../application/id-generator.port';

export const setTargetRequest = z.strictObject({
  id: idSchema.optional().describe('admins only: anyone else gets a new id in the answer (a taken id would tell them a target they may not see exists)'),
  personId: idSchema,
  unitId: idSchema.describe('the team the person holds the target in'),
  cycleId: idSchema,
  metric: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'a dotted key like sales.closed_won_amount'),
  targetValue: z.number().positive(),
  unit: nonEmptyText(50),
  effectiveAt: instantSchema.optional().describe('when the target took effect, if earlier than now (e.g. the start of the cycle)'),
});

@Controller('targets')
export class SetTargetController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
    private readonly access: TargetAccess,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @ApiRoute({ summary: "Set a person's individual target (quota) in a unit for a cycle; private to them, their leads and admins", tags: ['targets'], responses: commandResponses })
  async set(
    @ValidBody(setTargetRequest) body: z.infer<typeof setTargetRequest>,
    @CurrentActor() actor: Actor,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (body.id !== undefined && !actor.isAdmin) {
      throw validationProblem([{ field: 'id', reason: 'only admins choose the id of a target: leave it out and use the id in the answer' }]);
    }
    const targetId = body.id ?? this.ids.newId();
    const { id: _id, effectiveAt, ...target } = body;
    await this.access.assertMayManage(actor, target.unitId);
    const result = await this.commands.target(targetId, { ...origin, effectiveAt }, async (context) => {
      const org = await this.lookups.organizationAt(context.effectiveAt);
      const personIsMemberOfUnit = !!org.units[target.unitId]?.members.includes(target.personId);
      return { type: 'SetTarget', data: { ...target, targetId, personIsMemberOfUnit, cycleStatus: await this.lookups.cycleStatus(target.cycleId) }, context };
    });
    return commandResult(response, targetId, result);
  }
}
