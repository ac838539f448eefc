import { Controller, Get } from '@nestjs/common';
import { ContributionProposal } from '@okr/goals-domain';
import { ApiRoute, idSchema, Roles, ValidParams } from '@okr/service-kit';
import { z } from 'zod';
import { BoundGoalRef } from '../../application/bound-goal';
import { BoundGoals } from '../../application/bound-goals';

const keyResultParams = z.strictObject({ objectiveId: idSchema, keyResultId: idSchema });
const targetParams = z.strictObject({ targetId: idSchema });
const responses = { 200: 'the pending proposals, oldest first', 404: 'no such goal, or not bound to a metric' };

/** Data points that arrived after a goal's cycle closed, waiting for an admin to accept or reject them. */
@Controller()
export class ListMetricProposalsController {
  constructor(private readonly goals: BoundGoals) {}

  @Get('objectives/:objectiveId/key-results/:keyResultId/metric-proposals')
  @Roles('admin')
  @ApiRoute({ summary: 'Data points for a bound key result that arrived after its cycle closed, awaiting review (admins)', tags: ['objectives', 'metrics'], responses })
  keyResult(@ValidParams(keyResultParams) { objectiveId, keyResultId }: z.infer<typeof keyResultParams>) {
    return this.pending({ kind: 'objective', id: objectiveId, keyResultId });
  }

  @Get('targets/:targetId/metric-proposals')
  @Roles('admin')
  @ApiRoute({ summary: 'Data points for a bound target that arrived after its cycle closed, awaiting review (admins)', tags: ['targets', 'metrics'], responses })
  target(@ValidParams(targetParams) { targetId }: z.infer<typeof targetParams>) {
    return this.pending({ kind: 'target', id: targetId });
  }

  private async pending(goal: BoundGoalRef) {
    const { boundMetric, cycleStatus } = await this.goals.read(goal);
    const byArrival = (a: ContributionProposal, b: ContributionProposal) => Date.parse(a.proposedAt) - Date.parse(b.proposedAt) || a.dataPointId.localeCompare(b.dataPointId);
    return { goal, cycleStatus, proposals: Object.values(boundMetric.proposals).sort(byArrival) };
  }
}
