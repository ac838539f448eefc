import { Controller, Post, Res } from '@nestjs/common';
import { CycleGoalRef } from '@okr/goals-domain';
import { ApiRoute, idSchema, nonEmptyText, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';
import { DecidePendingDifferenceHandler } from './decide-pending-difference.handler';

const decision = { decision: z.enum(['accept', 'reject']) };
const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema, ...decision });
const targetParams = z.strictObject({ targetId: idSchema, ...decision });
const decisionRequest = z.strictObject({ reason: nonEmptyText(1000).describe('why the difference is accepted as an amendment (or left out)') });
const summary = (what: string) =>
  `Accept as an amendment (the value frozen again at the ledger position now held) or reject the difference between ${what}’s frozen value and the facts that arrived after its cycle closed, with a reason (admins)`;

@Controller()
export class DecidePendingDifferenceController {
  constructor(private readonly handler: DecidePendingDifferenceHandler) {}

  @Post('objectives/:objectiveId/key-results/:keyResultId/pending-difference/:decision')
  @Roles('admin')
  @ApiRoute({ summary: summary('a key result'), tags: ['cycles', 'metrics'], responses: commandResponses })
  keyResult(
    @ValidParams(keyResultParams) { objectiveId, keyResultId, decision }: z.infer<typeof keyResultParams>,
    @ValidBody(decisionRequest) { reason }: z.infer<typeof decisionRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.decide({ kind: 'objective', id: objectiveId, keyResultId }, decision, reason, origin, response);
  }

  @Post('targets/:targetId/pending-difference/:decision')
  @Roles('admin')
  @ApiRoute({ summary: summary('an individual target'), tags: ['cycles', 'metrics'], responses: commandResponses })
  target(
    @ValidParams(targetParams) { targetId, decision }: z.infer<typeof targetParams>,
    @ValidBody(decisionRequest) { reason }: z.infer<typeof decisionRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.decide({ kind: 'target', id: targetId }, decision, reason, origin, response);
  }

  private async decide(goal: CycleGoalRef, decision: 'accept' | 'reject', reason: string, origin: ChangeOrigin, response: Response) {
    const result = await this.handler.decide(goal, decision, reason, origin);
    return commandResult(response, goal.id, result);
  }
}
