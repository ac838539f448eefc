import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { ObjectiveDefined, scoringRules } from '@okr/goals-domain';
import { AggregateRepository, ChangeOrigin } from '../../application/aggregate-repository';
import { GoalCommands } from '../../application/goal-commands';
import { deciders, goalStreams } from '../../application/goal-streams';

const PAGE = 1000;

@Injectable()
export class CloseCycleHandler {
  constructor(
    private readonly commands: GoalCommands,
    private readonly repository: AggregateRepository,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  /** Scores every active objective of the cycle with the chosen rule, then closes it with those scores. */
  async close(cycleId: string, scoringRule: string, origin: ChangeOrigin) {
    return this.commands.cycle(cycleId, origin, async (context) => {
      const rule = scoringRules[scoringRule];
      const scores = [];
      for (const objectiveId of await this.objectivesOf(cycleId)) {
        const { state } = await this.repository.load(deciders.objective, goalStreams.objective(objectiveId));
        if (state.status === 'active') scores.push(rule.score(state));
      }
      return { type: 'CloseCycle', data: { scoringRule, scores }, context };
    });
  }

  /** Objectives are found through their definitions in the global log (closing is rare; a read model can replace this). */
  private async objectivesOf(cycleId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let from = 0; ; ) {
      const page = await this.eventStore.readAll({ fromPosition: from, limit: PAGE, types: ['ObjectiveDefined'] });
      for (const event of page) {
        const data = event.data as ObjectiveDefined['data'];
        if (data.cycleId === cycleId) ids.push(data.objectiveId);
      }
      if (page.length < PAGE) return ids;
      from = page[page.length - 1].globalPosition;
    }
  }
}
