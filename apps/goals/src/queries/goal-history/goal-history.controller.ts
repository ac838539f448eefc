import { Controller, Get } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, idSchema, Roles, ValidParams } from '@okr/service-kit';
import { z } from 'zod';
import { GoalQueries } from '../../application/goal-queries';
import { TargetAccess } from '../../application/target-access';

const idParams = z.strictObject({ id: idSchema });
const history = (what: string) => ({ summary: `The full audit history of ${what}: every event with actor, both times, reason and what changed`, tags: ['audit'], responses: { 200: 'the events in order' } });
const verify = (what: string) => ({ summary: `Recompute the hash chain of ${what} and report the first broken link`, tags: ['audit'], responses: { 200: '{ ok, verified, brokenAt? }' } });

/** The audit trail of every aggregate, and the tamper check of its hash chain. */
@Controller()
export class GoalHistoryController {
  constructor(
    private readonly queries: GoalQueries,
    private readonly access: TargetAccess,
  ) {}

  @Get('org/history')
  @ApiRoute(history('the organisation'))
  async organizationHistory() {
    return { events: await this.queries.history('organization', 'organization') };
  }

  @Get('org/verify')
  @ApiRoute(verify('the organisation'))
  organizationVerify() {
    return this.queries.verify('organization', 'organization');
  }

  /** Its close records every frozen value and score, targets' included: for admins (auditors); others read /cycles/{id}. */
  @Get('cycles/:id/history')
  @Roles('admin')
  @ApiRoute(history('a cycle (admins)'))
  async cycleHistory(@ValidParams(idParams) { id }: z.infer<typeof idParams>) {
    return { events: await this.queries.history('cycle', id) };
  }

  @Get('cycles/:id/verify')
  @ApiRoute(verify('a cycle'))
  cycleVerify(@ValidParams(idParams) { id }: z.infer<typeof idParams>) {
    return this.queries.verify('cycle', id);
  }

  @Get('objectives/:id/history')
  @ApiRoute(history('an objective'))
  async objectiveHistory(@ValidParams(idParams) { id }: z.infer<typeof idParams>) {
    return { events: await this.queries.history('objective', id) };
  }

  @Get('objectives/:id/verify')
  @ApiRoute(verify('an objective'))
  objectiveVerify(@ValidParams(idParams) { id }: z.infer<typeof idParams>) {
    return this.queries.verify('objective', id);
  }

  @Get('kpis/:id/history')
  @ApiRoute(history('a KPI'))
  async kpiHistory(@ValidParams(idParams) { id }: z.infer<typeof idParams>) {
    return { events: await this.queries.history('kpi', id) };
  }

  @Get('kpis/:id/verify')
  @ApiRoute(verify('a KPI'))
  kpiVerify(@ValidParams(idParams) { id }: z.infer<typeof idParams>) {
    return this.queries.verify('kpi', id);
  }

  @Get('targets/:id/history')
  @ApiRoute(history('an individual target (for those who may see it)'))
  async targetHistory(@ValidParams(idParams) { id }: z.infer<typeof idParams>, @CurrentActor() actor: Actor) {
    await this.access.assertMaySeeTarget(actor, id);
    return { events: await this.queries.history('target', id) };
  }

  @Get('targets/:id/verify')
  @ApiRoute(verify('an individual target (for those who may see it)'))
  async targetVerify(@ValidParams(idParams) { id }: z.infer<typeof idParams>, @CurrentActor() actor: Actor) {
    await this.access.assertMaySeeTarget(actor, id);
    return this.queries.verify('target', id);
  }
}
