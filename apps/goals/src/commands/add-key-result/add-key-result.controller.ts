import { Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, instantSchema, nonEmptyText, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { ID_GENERATOR, IdGenerator } from '../../application/id-generator.port';

const common = {
  id: idSchema.optional(),
  title: nonEmptyText(200),
  weight: z.number().min(0).max(1000).optional().describe('share in the objective roll-up; default 1'),
  effectiveAt: instantSchema.optional().describe('when the key result took effect, if earlier than now (not before its objective)'),
};
export const addKeyResultRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('metric'),
    start: z.number(),
    target: z.number(),
    unit: nonEmptyText(50),
    direction: z.enum(['increase', 'decrease', 'stay-above', 'stay-below']),
  }),
  z.strictObject({ ...common, kind: z.literal('milestone') }),
]);
const objectiveParams = z.strictObject({ objectiveId: idSchema });

@Controller('objectives/:objectiveId/key-results')
export class AddKeyResultController {
  constructor(
    private readonly commands: GoalCommands,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @ApiRoute({ summary: 'Add a key result: a metric (start, target, unit, direction) or a milestone', tags: ['objectives'], responses: commandResponses })
  async add(
    @ValidParams(objectiveParams) { objectiveId }: z.infer<typeof objectiveParams>,
    @ValidBody(addKeyResultRequest) body: z.infer<typeof addKeyResultRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const keyResultId = body.id ?? this.ids.newId();
    const { id: _id, effectiveAt, ...definition } = body;
    const result = await this.commands.objectiveInItsCycle(objectiveId, { ...origin, effectiveAt }, async (context, cycleStatus) => ({
      type: 'AddKeyResult',
      data: { ...definition, keyResultId, cycleStatus },
      context,
    }));
    return commandResult(response, keyResultId, result);
  }
}
