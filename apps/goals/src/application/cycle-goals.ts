import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { IndividualTargetState, ObjectiveDefined, ObjectiveState, TargetSet } from '@okr/goals-domain';
import { AggregateRepository } from './aggregate-repository';
import { deciders, goalStreams } from './goal-streams';

const PAGE = 1000;

/** The goals of one cycle as they stand now: what closing it scores and freezes. */
export interface GoalsOfCycle {
  objectives: ObjectiveState[];
  targets: IndividualTargetState[];
}

@Injectable()
export class CycleGoals {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  /** The cycle's active objectives and its targets, found through their definitions in the global log (closing is rare). */
  async of(cycleId: string): Promise<GoalsOfCycle> {
    const objectives: ObjectiveState[] = [];
    const targets: IndividualTargetState[] = [];
    for (let from = 0; ; ) {
      const page = await this.eventStore.readAll({ fromPosition: from, limit: PAGE, types: ['ObjectiveDefined', 'TargetSet'] });
      for (const event of page) {
        if (event.type === 'ObjectiveDefined' && (event.data as ObjectiveDefined['data']).cycleId === cycleId) {
          const { state } = await this.repository.load(deciders.objective, goalStreams.objective((event.data as ObjectiveDefined['data']).objectiveId));
          if (state.status === 'active') objectives.push(state);
        } else if (event.type === 'TargetSet' && (event.data as TargetSet['data']).cycleId === cycleId) {
          targets.push((await this.repository.load(deciders.target, goalStreams.target((event.data as TargetSet['data']).targetId))).state);
        }
      }
      if (page.length < PAGE) return { objectives, targets };
      from = page[page.length - 1].globalPosition;
    }
  }
}
