import { AllStreamSubscription, EventStoreDBClient, streamNameFilter } from '@eventstore/db-client';
import { EventSubscription, handleEvents, SubscribeOptions } from '../event-store.port';
import { checkpointEventData, checkpointPositionOf } from './eventstoredb-checkpoint';
import { decodeStoredEvent } from './eventstoredb-event-envelope';
import { readLastEvent } from './eventstoredb-reads';
import { globalPositionOf, readPositionOf } from './eventstoredb-position';
import { APPLICATION_STREAM_REGEX, checkpointStreamName, isApplicationEvent } from './eventstoredb-stream-names';

/** While events keep arriving, the checkpoint is written at least this often (and whenever the backlog is empty). */
const CHECKPOINT_EVERY = 100;

interface HeadReader {
  latestApplicationPosition(notBelow: number): Promise<number>;
}

interface Waiter {
  target: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * A catch-up subscription to $all from the checkpoint: the server sends the application's streams
 * only (system and bookkeeping streams filtered out there), the type filter applies here, and each
 * event is handled before the next is taken. The checkpoint of a named subscription lives in a
 * stream of its own that keeps one event.
 */
export class EventStoreDbSubscription implements EventSubscription {
  /** The position of the last event handled. */
  private current = 0;
  /** Every event up to here was handled or skipped: where a restart resumes. */
  private scannedUpTo = 0;
  private checkpointed = 0;
  private sinceCheckpoint = 0;
  private checkpointStreamExists = false;
  private running = false;
  private stopRequested = false;
  private loop?: Promise<void>;
  private live?: AllStreamSubscription;
  private failure?: unknown;
  private readonly waiters: Waiter[] = [];
  private readonly types?: Set<string>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly head: HeadReader,
    private readonly options: SubscribeOptions,
    private readonly onStopped: () => void,
  ) {
    this.types = options.types?.length ? new Set(options.types) : undefined;
  }

  get position(): number {
    return this.current;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async caughtUp(): Promise<void> {
    if (this.failure) throw this.failure;
    const target = await this.head.latestApplicationPosition(this.scannedUpTo);
    if (this.failure) throw this.failure;
    if (this.scannedUpTo >= target || !this.running) return;
    await new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
  }

  async stop(): Promise<void> {
    if (this.running) {
      this.running = false;
      this.stopRequested = true;
      // Ends the server call; the loop finishes the event in hand, stores the checkpoint and returns.
      await this.live?.unsubscribe().catch(() => undefined);
      this.live?.destroy();
    }
    await this.loop;
  }

  private async run(): Promise<void> {
    try {
      this.scannedUpTo = this.checkpointed = await this.loadCheckpoint();
      this.current = this.scannedUpTo;
      this.settleWaiters();
      if (!this.running) return;
      await this.options.onHandlingStarts?.();
      this.live = this.client.subscribeToAll({
        fromPosition: readPositionOf(this.scannedUpTo),
        filter: streamNameFilter({ regex: APPLICATION_STREAM_REGEX }),
      });
      // Errors reach the loop through the iterator; this keeps one emitted after the loop ended from crashing the process.
      this.live.on('error', () => undefined);
      for await (const resolved of this.live) {
        if (!this.running) break;
        const recorded = resolved.event;
        if (!recorded) continue;
        const position = globalPositionOf(recorded.position);
        if (position <= this.scannedUpTo) continue;
        const event = isApplicationEvent(recorded.streamId, recorded.type) ? decodeStoredEvent(recorded) : undefined;
        if (event && (!this.types || this.types.has(event.type))) {
          try {
            // A live subscription yields one event at a time: a batch handler gets batches of one.
            await handleEvents(this.options, [event]);
          } catch (error) {
            // Done up to the event before: the next subscribe starts with the one that failed.
            await this.storeCheckpoint().catch(() => undefined);
            this.fail(error);
            return;
          }
          this.current = position;
        }
        this.scannedUpTo = position;
        this.sinceCheckpoint++;
        if (this.live.readableLength === 0 || this.sinceCheckpoint >= CHECKPOINT_EVERY) await this.storeCheckpoint();
        this.settleWaiters();
      }
      if (this.running) throw new Error('EventStoreDB ended the subscription to $all');
    } catch (error) {
      // Stopping cancels the server call: an error that causes is the stop, not a failure.
      if (!this.stopRequested) this.fail(error);
    } finally {
      this.running = false;
      await this.live?.unsubscribe().catch(() => undefined);
      await this.storeCheckpoint().catch((error) => this.fail(error));
      this.onStopped();
      for (const waiter of this.waiters.splice(0)) waiter.resolve();
    }
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    this.running = false;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    this.options.onError?.(error);
  }

  private settleWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.scannedUpTo >= this.waiters[i].target) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  private async loadCheckpoint(): Promise<number> {
    const start = this.options.fromPosition ?? 0;
    if (!this.options.subscriptionId) return start;
    const last = await readLastEvent(this.client, checkpointStreamName(this.options.subscriptionId));
    this.checkpointStreamExists = last !== undefined;
    return last ? checkpointPositionOf(last) : start;
  }

  private async storeCheckpoint(): Promise<void> {
    if (!this.options.subscriptionId || this.scannedUpTo === this.checkpointed) return;
    const stream = checkpointStreamName(this.options.subscriptionId);
    const position = this.scannedUpTo;
    if (!this.checkpointStreamExists) {
      // Only the latest checkpoint matters: the server may scavenge the ones before it.
      await this.client.setStreamMetadata(stream, { maxCount: 1 });
      this.checkpointStreamExists = true;
    }
    await this.client.appendToStream(stream, checkpointEventData(position));
    this.checkpointed = position;
    this.sinceCheckpoint = 0;
  }
}
