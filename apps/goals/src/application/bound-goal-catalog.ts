import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { BoundGoalRef, KpiDefined, ObjectiveDefined, ValuedGoal } from '@okr/goals-domain';
import { AggregateRepository, TimeTravel } from './aggregate-repository';
import { deciders, goalStreams } from './goal-streams';

const PAGE = 1000;

/**
 * Which goals exist, for judging a viewer's figures together: the objectives of each cycle and
 * every KPI, learnt from their definitions in the global log, read on from where the last
 * request left off (so each instance of goals keeps its own, from the one store).
 */
@Injectable()
export class BoundGoalCatalog {
  private readonly objectivesByCycle = new Map<string, Set<string>>();
  private readonly kpis = new Set<string>();
  private position = 0;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly repository: AggregateRepository,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  /** Every key result of the cycle's objectives and every KPI, as they stood at the instants read. */
  async goalsOf(cycleId: string | undefined, at: TimeTravel): Promise<{ goal: ValuedGoal; ref: BoundGoalRef }[]> {
    await this.catchUp();
    const goals: { goal: ValuedGoal; ref: BoundGoalRef }[] = [];
    for (const id of cycleId ? (this.objectivesByCycle.get(cycleId) ?? []) : []) {
      const { state } = await this.repository.loadAt(deciders.objective, goalStreams.objective(id), at);
      if (state.status !== 'active') continue;
      for (const kr of Object.values(state.keyResults)) goals.push({ goal: kr, ref: { kind: 'objective', id, keyResultId: kr.id } });
    }
    for (const id of this.kpis) {
      const { state } = await this.repository.loadAt(deciders.kpi, goalStreams.kpi(id), at);
      if (state.status === 'active') goals.push({ goal: state, ref: { kind: 'kpi', id } });
    }
    return goals;
  }

  private catchUp(): Promise<void> {
    // One read of the log at a time; requests meanwhile wait for it.
    this.reading ??= this.readNew().finally(() => (this.reading = null));
    return this.reading;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.eventStore.readAll({ fromPosition: this.position, limit: PAGE, types: ['ObjectiveDefined', 'KpiDefined'] });
      for (const event of page) {
        if (event.type === 'ObjectiveDefined') {
          const { objectiveId, cycleId } = event.data as ObjectiveDefined['data'];
          const ids = this.objectivesByCycle.get(cycleId) ?? new Set<string>();
          this.objectivesByCycle.set(cycleId, ids.add(objectiveId));
        } else this.kpis.add((event.data as KpiDefined['data']).kpiId);
        this.position = event.globalPosition;
      }
      if (page.length < PAGE) return;
    }
  }
}
