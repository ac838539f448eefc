import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { BoundGoalRef, IndividualTargetState, KpiDefined, ObjectiveDefined, OrganizationState, TargetSet, ValuedGoal } from '@okr/goals-domain';
import { AggregateRepository, TimeTravel } from './aggregate-repository';
import { deciders, goalStreams } from './goal-streams';

const PAGE = 1000;

/**
 * Which goals exist, for judging a viewer's figures together: the objectives and targets of each
 * cycle and every KPI, learnt from their definitions in the global log, read on from where the
 * last request left off (so each instance of goals keeps its own, from the one store). Reporting
 * judges the same goals: those of units in the organisation at the instant read.
 */
@Injectable()
export class BoundGoalCatalog {
  private readonly objectivesByCycle = new Map<string, Set<string>>();
  private readonly targetsByCycle = new Map<string, Set<string>>();
  private readonly kpis = new Set<string>();
  private position = 0;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly repository: AggregateRepository,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  /** Every key result of the cycle's objectives and every KPI of a unit of `org`, as they stood at the instants read. */
  async goalsOf(cycleId: string | undefined, at: TimeTravel, org: OrganizationState): Promise<{ goal: ValuedGoal; ref: BoundGoalRef }[]> {
    await this.catchUp();
    const goals: { goal: ValuedGoal; ref: BoundGoalRef }[] = [];
    for (const id of cycleId ? (this.objectivesByCycle.get(cycleId) ?? []) : []) {
      const { state } = await this.repository.loadAt(deciders.objective, goalStreams.objective(id), at);
      if (state.status !== 'active' || state.owner.type === 'person' || !org.units[state.owner.id]) continue;
      for (const kr of Object.values(state.keyResults)) goals.push({ goal: kr, ref: { kind: 'objective', id, keyResultId: kr.id } });
    }
    for (const id of this.kpis) {
      const { state } = await this.repository.loadAt(deciders.kpi, goalStreams.kpi(id), at);
      if (state.status === 'active' && org.units[state.unitId]) goals.push({ goal: state, ref: { kind: 'kpi', id } });
    }
    return goals;
  }

  /** The cycle's targets held in a unit of `org`, as they stood at the instants read. */
  async targetsOf(cycleId: string | undefined, at: TimeTravel, org: OrganizationState): Promise<{ id: string; state: IndividualTargetState }[]> {
    await this.catchUp();
    const targets: { id: string; state: IndividualTargetState }[] = [];
    for (const id of cycleId ? (this.targetsByCycle.get(cycleId) ?? []) : []) {
      const { state } = await this.repository.loadAt(deciders.target, goalStreams.target(id), at);
      if (state.status !== 'undefined' && org.units[state.unitId]) targets.push({ id, state });
    }
    return targets;
  }

  private catchUp(): Promise<void> {
    // One read of the log at a time; requests meanwhile wait for it.
    this.reading ??= this.readNew().finally(() => (this.reading = null));
    return this.reading;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.eventStore.readAll({ fromPosition: this.position, limit: PAGE, types: ['ObjectiveDefined', 'TargetSet', 'KpiDefined'] });
      for (const event of page) {
        if (event.type === 'ObjectiveDefined') {
          const { objectiveId, cycleId } = event.data as ObjectiveDefined['data'];
          this.objectivesByCycle.set(cycleId, (this.objectivesByCycle.get(cycleId) ?? new Set<string>()).add(objectiveId));
        } else if (event.type === 'TargetSet') {
          const { targetId, cycleId } = event.data as TargetSet['data'];
          this.targetsByCycle.set(cycleId, (this.targetsByCycle.get(cycleId) ?? new Set<string>()).add(targetId));
        } else this.kpis.add((event.data as KpiDefined['data']).kpiId);
        this.position = event.globalPosition;
      }
      if (page.length < PAGE) return;
    }
  }
}
