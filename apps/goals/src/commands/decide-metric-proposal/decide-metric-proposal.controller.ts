import { Controller, Post, Res } from '@nestjs/common';
import { ApiRoute, idSchema, nonEmptyText, Roles, ValidBody, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { BoundGoalRef } from '../../application/bound-goal';
import { BoundGoals } from '../../application/bound-goals';
import { commandResponses, commandResult } from '../../http/command-result';
import { Origin } from '../../http/origin.decorator';

const proposal = { dataPointId: z.string().min(1).max(500), decision: z.enum(['accept', 'reject']) };
const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema, ...proposal });
const targetParams = z.strictObject({ targetId: idSchema, ...proposal });
const decisionRequest = z.strictObject({ reason: nonEmptyText(1000).describe('why it is folded in (or not) after the cycle closed') });
const summary = (what: string) => `Accept (fold in as an amendment) or reject a data point that arrived for ${what} after its cycle closed, with a reason (admins)`;

/** An admin's decision on a data point into a closed cycle: folded in as an amendment with a reason, or rejected. */
@Controller()
export class DecideMetricProposalController {
  constructor(private readonly goals: BoundGoals) {}

  @Post('objectives/:objectiveId/key-results/:keyResultId/metric-proposals/:dataPointId/:decision')
  @Roles('admin')
  @ApiRoute({ summary: summary('a key result'), tags: ['objectives', 'metrics'], responses: commandResponses })
  keyResult(
    @ValidParams(keyResultParams) { objectiveId, keyResultId, dataPointId, decision }: z.infer<typeof keyResultParams>,
    @ValidBody(decisionRequest) { reason }: z.infer<typeof decisionRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.decide({ kind: 'objective', id: objectiveId, keyResultId }, dataPointId, decision, reason, origin, response);
  }

  @Post('targets/:targetId/metric-proposals/:dataPointId/:decision')
  @Roles('admin')
  @ApiRoute({ summary: summary('an individual target'), tags: ['targets', 'metrics'], responses: commandResponses })
  target(
    @ValidParams(targetParams) { targetId, dataPointId, decision }: z.infer<typeof targetParams>,
    @ValidBody(decisionRequest) { reason }: z.infer<typeof decisionRequest>,
    @Origin() origin: ChangeOrigin,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.decide({ kind: 'target', id: targetId }, dataPointId, decision, reason, origin, response);
  }

  private async decide(goal: BoundGoalRef, dataPointId: string, decision: 'accept' | 'reject', reason: string, origin: ChangeOrigin, response: Response) {
    const type = decision === 'accept' ? 'AcceptMetricContribution' : 'RejectMetricContribution';
    const result = await this.goals.execute(goal, { type, data: { dataPointId, reason } }, { ...origin, reason });
    return commandResult(response, goal.id, result);
  }
}
