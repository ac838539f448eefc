import { Controller, Delete, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { GoalLookups } from '../../application/goal-lookups';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

export const alignRequest = z.strictObject({ parentObjectiveId: idSchema });
const objectiveParams = z.strictObject({ objectiveId: idSchema });
const alignmentParams = z.strictObject({ objectiveId: idSchema, parentObjectiveId: idSchema });

/** An objective may contribute to several parents; loops are refused. */
@Controller('objectives/:objectiveId/alignments')
export class AlignObjectiveController {
  constructor(
    private readonly commands: GoalCommands,
    private readonly lookups: GoalLookups,
  ) {}

  @Post()
  @ApiRoute({ summary: 'Align an objective to a parent objective (one of possibly several)', tags: ['objectives'], responses: commandResponses })
  async align(
    @ValidParams(objectiveParams) { objectiveId }: z.infer<typeof objectiveParams>,
    @ValidBody(alignRequest) { parentObjectiveId }: z.infer<typeof alignRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.objectiveInItsCycle(objectiveId, origin, async (context, cycleStatus) => ({
      type: 'AlignToParent',
      data: {
        parentObjectiveId,
        parentAncestorIds: await this.lookups.alignmentAncestors(parentObjectiveId),
        cycleStatus,
      },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }

  @Delete(':parentObjectiveId')
  @ApiRoute({ summary: 'Remove an alignment', tags: ['objectives'], responses: commandResponses })
  async remove(@ValidParams(alignmentParams) { objectiveId, parentObjectiveId }: z.infer<typeof alignmentParams>, @Origin() origin: ChangeOrigin, @Res({ passthrough: true }) response: Response) {
    const result = await this.commands.objectiveInItsCycle(objectiveId, origin, async (context, cycleStatus) => ({
      type: 'RemoveAlignment',
      data: { parentObjectiveId, cycleStatus },
      context,
    }));
    return commandResult(response, objectiveId, result);
  }
}
