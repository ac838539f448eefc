import { Controller, Get, Inject } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@okr/read-store';
import { ApiRoute, CLOCK, Clock, timeTravelQuerySchema, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { GoalHistories } from '../../history/goal-histories';
import { instantOf } from '../../history/instant';
import { GOAL_EVENTS_COLLECTION, StoredGoalEvent } from '../../history/stored-goal-event';

/** The cycles a dashboard can be opened for: what a cycle selector lists. */
@Controller('cycles')
export class CycleListController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly histories: GoalHistories,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiRoute({ summary: 'The cycles that existed at an instant, latest first', tags: ['organisation'], responses: { 200: 'the cycles with their dates and status' } })
  async list(@ValidQuery(timeTravelQuerySchema) query: z.infer<typeof timeTravelQuerySchema>) {
    const at = instantOf(query, this.clock.now());
    const defined = await this.readStore.collection<StoredGoalEvent>(GOAL_EVENTS_COLLECTION).find({ type: 'CycleDefined' });
    const cycles = defined
      .map((event) => this.histories.cycleAt(String(event.data.cycleId), at))
      .filter((cycle) => cycle !== null)
      .map(({ id, name, startsOn, endsOn, status }) => ({ id, name, startsOn, endsOn, status }))
      .sort((a, b) => b.startsOn.localeCompare(a.startsOn) || a.id.localeCompare(b.id));
    return { asOf: new Date(at.asOf).toISOString(), knownAt: new Date(at.knownAt).toISOString(), cycles };
  }
}
