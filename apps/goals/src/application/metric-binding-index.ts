import { Inject, Injectable } from '@nestjs/common';
import { NewEvent, RecordedEvent } from '@okr/contracts';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { MetricBinding } from '@okr/goals-domain';
import { BoundGoalRef, boundGoalKey, IndexedBinding } from './bound-goal';
import { goalStreams } from './goal-streams';

const BINDING_EVENT_TYPES = ['KeyResultBoundToMetric', 'KpiBoundToMetric', 'TargetBoundToMetric'];
const PAGE = 1000;
/** Bindings recorded by another instance of the service reach this one within this delay. */
const CATCH_UP_EVERY_MS = 1_000;

/**
 * Which goals each metric moves, so a data point finds its goals without scanning the log: loaded
 * from the store's binding events on first use, told at once of bindings recorded here, and
 * caught up from the store now and then for bindings recorded by other instances.
 */
@Injectable()
export class MetricBindingIndex {
  private readonly byMetric = new Map<string, Map<string, IndexedBinding>>();
  private position = 0;
  private lastCatchUp = -Infinity;
  private catchingUp?: Promise<void>;

  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  /** The goals bound to a metric, as far as the store had recorded them a moment ago. */
  async bindingsOf(metric: string): Promise<IndexedBinding[]> {
    if (performance.now() - this.lastCatchUp >= CATCH_UP_EVERY_MS) await this.catchUp();
    return [...(this.byMetric.get(metric)?.values() ?? [])];
  }

  /** Learns the bindings a command just recorded. */
  learn(goal: BoundGoalRef, events: NewEvent[]): void {
    for (const event of events) if (BINDING_EVENT_TYPES.includes(event.type)) this.add(goal, (event.data as { binding: MetricBinding }).binding);
  }

  catchUp(): Promise<void> {
    this.catchingUp ??= this.readNewBindings().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  private async readNewBindings(): Promise<void> {
    const startedAt = performance.now();
    for (;;) {
      const page = await this.eventStore.readAll({ fromPosition: this.position, limit: PAGE, types: BINDING_EVENT_TYPES });
      for (const event of page) {
        const goal = goalOf(event);
        if (goal) this.add(goal, (event.data as { binding: MetricBinding }).binding);
        this.position = event.globalPosition;
      }
      if (page.length < PAGE) break;
    }
    this.lastCatchUp = startedAt;
  }

  private add(goal: BoundGoalRef, binding: MetricBinding): void {
    let goals = this.byMetric.get(binding.metric);
    if (!goals) this.byMetric.set(binding.metric, (goals = new Map()));
    goals.set(boundGoalKey(goal), { goal, binding });
  }
}

function goalOf(event: RecordedEvent): BoundGoalRef | undefined {
  const idAfter = (prefix: string) => event.streamId.slice(prefix.length);
  switch (event.type) {
    case 'KeyResultBoundToMetric':
      return { kind: 'objective', id: idAfter(goalStreams.objective('')), keyResultId: (event.data as { keyResultId: string }).keyResultId };
    case 'KpiBoundToMetric':
      return { kind: 'kpi', id: idAfter(goalStreams.kpi('')) };
    case 'TargetBoundToMetric':
      return { kind: 'target', id: idAfter(goalStreams.target('')) };
    default:
      return undefined;
  }
}
