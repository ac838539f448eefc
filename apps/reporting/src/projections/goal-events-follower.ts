import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@okr/read-store';
import { GoalHistories } from '../history/goal-histories';
import { GOAL_EVENTS_COLLECTION, StoredGoalEvent } from '../history/stored-goal-event';
import { GAP_WAIT_MS, GOAL_EVENTS_SEQUENCE, WRITE_DEADLINE_MS } from './shared-goal-events';

const PAGE = 1_000;
const POLL_MS = 200;

type NumberedGoalEvent = StoredGoalEvent & { sequence: number };

/**
 * Keeps this instance's in-memory histories complete on a shared read store: loads every stored
 * goal event on start, then follows the store's sequence of writes without a gap (see
 * shared-goal-events.ts), so it holds what the other instances applied from their partitions too.
 */
@Injectable()
export class GoalEventsFollower implements OnModuleDestroy {
  private readonly logger = new Logger(GoalEventsFollower.name);
  /** Every number up to this one is in the histories, or was given up on. */
  private last = 0;
  /** The highest number seen on each poll, and when: what a gap may be given up on against. */
  private readonly sightings: { sequence: number; at: number }[] = [];
  private timer?: NodeJS.Timeout;
  private polling?: Promise<unknown>;
  private stopped = false;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly histories: GoalHistories,
  ) {}

  /** The number up to which the histories hold every write. */
  get position(): number {
    return this.last;
  }

  /** Loads what the store holds, then follows it. */
  async start(): Promise<void> {
    const next = await this.readStore.reserveSequence(GOAL_EVENTS_SEQUENCE, 0);
    const asked = performance.now();
    // Every write under a lower number has landed by now, or is being written again under a higher one.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, WRITE_DEADLINE_MS - (performance.now() - asked))));
    for (const event of await this.events().find({}, { sort: { globalPosition: 1 } })) this.histories.add(event);
    this.last = next - 1;
    this.schedule(POLL_MS);
  }

  /** Reads the next page of writes; resolves with how many it took in. */
  async poll(): Promise<number> {
    const page = await this.events().find({ sequence: { $gt: this.last } }, { sort: { sequence: 1 }, limit: PAGE });
    const now = performance.now();
    const highest = page.at(-1)?.sequence;
    if (highest !== undefined && highest > (this.sightings.at(-1)?.sequence ?? 0)) this.sightings.push({ sequence: highest, at: now });
    let givenUpTo = 0;
    while (this.sightings.length && now - this.sightings[0].at >= GAP_WAIT_MS) givenUpTo = this.sightings.shift()!.sequence;
    if (givenUpTo) this.sightings.unshift({ sequence: givenUpTo, at: now - GAP_WAIT_MS });
    let taken = 0;
    for (const event of page) {
      // A gap is a write in flight, until a higher number has been seen for GAP_WAIT_MS.
      if (event.sequence !== this.last + 1 && event.sequence - 1 > givenUpTo) break;
      this.histories.add(event);
      this.last = event.sequence;
      taken++;
    }
    return taken;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll().then(
        (taken) => this.schedule(taken === PAGE ? 0 : POLL_MS),
        (error: unknown) => {
          if (!this.stopped) this.logger.warn(`following the shared read store failed, trying again: ${(error as Error).message}`);
          this.schedule(POLL_MS * 5);
        },
      );
    }, delay);
  }

  private events() {
    return this.readStore.collection<NumberedGoalEvent>(GOAL_EVENTS_COLLECTION);
  }
}
