import { Injectable } from '@nestjs/common';
import { CycleState, CycleStatus, MetricScope, NotFoundError, organizationAt, OrganizationState, OrganizationTimeline, RuleViolationError, Unit } from '@okr/goals-domain';
import { AggregateRepository } from './aggregate-repository';
import { deciders, goalStreams } from './goal-streams';

const MAX_ALIGNMENT_DEPTH = 50;

/** Facts a command needs from other aggregates, looked up before the decider runs. */
@Injectable()
export class GoalLookups {
  constructor(private readonly repository: AggregateRepository) {}

  /** The organisation now, as known now. */
  async organization(): Promise<OrganizationState> {
    return (await this.organizationTimeline()).current;
  }

  /** The organisation as it was at an instant (a backdated command is judged on it). */
  async organizationAt(effectiveAt: string): Promise<OrganizationState> {
    return organizationAt(await this.organizationTimeline(), { asOf: Date.parse(effectiveAt) });
  }

  /** Every change of the organisation in valid time: whose facts a unit's goals count, and when. */
  async organizationTimeline(): Promise<OrganizationTimeline> {
    return (await this.repository.load(deciders.organization, goalStreams.organization())).state;
  }

  async cycle(cycleId: string): Promise<CycleState & { status: CycleStatus }> {
    const { state } = await this.repository.load(deciders.cycle, goalStreams.cycle(cycleId));
    if (state.status === 'undefined') throw new NotFoundError(`cycle ${cycleId} does not exist`, 'cycleId');
    return state as CycleState & { status: CycleStatus };
  }

  async cycleStatus(cycleId: string): Promise<CycleStatus> {
    return (await this.cycle(cycleId)).status;
  }

  /** A metric binding's scope names a person registered, or a unit active, at the binding's effective time. */
  async assertScopeExists(scope: MetricScope, effectiveAt?: string): Promise<void> {
    if (scope.type === 'person') await this.existing('person', scope.personId, 'scope.personId', effectiveAt);
    else await this.existing('unit', scope.unitId, 'scope.unitId', effectiveAt);
  }

  /** The cycle a goal belongs to; a goal that does not exist is not found. */
  async cycleOf(goal: { status: string; cycleId: string }, what: string): Promise<CycleState & { status: CycleStatus }> {
    if (goal.status === 'undefined') throw new NotFoundError(`the ${what} does not exist`);
    return this.cycle(goal.cycleId);
  }

  /** The status of the cycle a goal belongs to; a goal that does not exist is not found. */
  async cycleStatusOf(goal: { status: string; cycleId: string }, what: string): Promise<CycleStatus> {
    return (await this.cycleOf(goal, what)).status;
  }

  /** The parent's ancestors through alignment, so the decider can refuse a loop. */
  async alignmentAncestors(parentObjectiveId: string): Promise<string[]> {
    const parent = await this.repository.load(deciders.objective, goalStreams.objective(parentObjectiveId));
    if (parent.state.status === 'undefined') throw new NotFoundError(`objective ${parentObjectiveId} does not exist`, 'parentObjectiveId');
    const seen = new Set<string>();
    let frontier = parent.state.parents;
    for (let depth = 0; frontier.length && depth < MAX_ALIGNMENT_DEPTH; depth++) {
      const next: string[] = [];
      for (const id of frontier.filter((id) => !seen.has(id))) {
        seen.add(id);
        next.push(...(await this.repository.load(deciders.objective, goalStreams.objective(id))).state.parents);
      }
      frontier = next;
    }
    return [...seen];
  }

  /** The owner of an objective or KPI must be an active unit of the organisation (or a registered person) at its effective time. */
  async assertOwnerExists(owner: { type: string; id: string }, effectiveAt?: string): Promise<void> {
    const unit = await this.existing(owner.type === 'person' ? 'person' : 'unit', owner.id, 'owner.id', effectiveAt);
    if (unit && unit.kind !== owner.type) throw new RuleViolationError(`unit ${owner.id} is a ${unit.kind}, not a ${owner.type}`, 'owner.type');
  }

  /** A registered person, or an active unit (returned), now or at `effectiveAt`; `field` names the input at fault. */
  private async existing(kind: 'person' | 'unit', id: string, field: string, effectiveAt?: string): Promise<Unit | undefined> {
    const org = effectiveAt ? await this.organizationAt(effectiveAt) : await this.organization();
    if (kind === 'person') {
      if (!org.people[id]) throw new NotFoundError(`person ${id} does not exist`, field);
      return undefined;
    }
    const unit = org.units[id];
    if (!unit || unit.archived) throw new NotFoundError(`unit ${id} does not exist or is archived`, field);
    return unit;
  }
}
