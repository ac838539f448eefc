import { AllStreamSubscription, EventStoreDBClient, streamNameFilter } from '@eventstore/db-client';
import { RecordedEvent } from '@okr/contracts';
import { handleEvents, ReadAllOptions, SubscribeOptions } from '../event-store.port';
import { OneAtATime } from '../one-at-a-time';
import { appendOrRefuse, setStreamMetadataOrRefuse } from './eventstoredb-append';
import { checkpointEventData, checkpointPositionOf } from './eventstoredb-checkpoint';
import { decodeStoredEvent } from './eventstoredb-event-envelope';
import { EventStoreDbLease } from './eventstoredb-lease';
import { LogSubscription } from '../log-subscription';
import { readLastEvent } from './eventstoredb-reads';
import { globalPositionOf, readPositionOf } from './eventstoredb-position';
import { APPLICATION_STREAM_REGEX, checkpointStreamName, isApplicationEvent } from './eventstoredb-stream-names';

/** Events handed to the handler together, at most: a catch-up page, or what the server has sent so far. */
const BATCH = 500;
/** A non-exclusive subscription stores its checkpoint at most this often while events flow (and when it stops). */
const CHECKPOINT_INTERVAL_MS = 1_000;

export type SubscriptionClient = Pick<EventStoreDBClient, 'subscribeToAll' | 'appendToStream' | 'readStream' | 'setStreamMetadata'>;

interface AllReader {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  latestApplicationPosition(notBelow: number): Promise<number>;
}

/**
 * Follows $all from the checkpoint: first the backlog in pages read from $all, then a catch-up
 * subscription that the server filters to the application's streams (system and bookkeeping
 * streams never cross the network); the type filter applies here. What the server has sent by the
 * time the handler is free goes to it as one batch. A named subscription's checkpoint lives in a
 * stream of its own, written at most once a second while events flow. An exclusive one runs its
 * handler only while it holds the subscription's lease (EventStoreDbLease), which also holds its
 * checkpoint, moved after every batch: a holder that takes over re-reads at most one batch that
 * its predecessor may have handled already, in its first page (what the outbox relay relies on to
 * publish each event once).
 */
export class EventStoreDbSubscription extends LogSubscription<EventStoreDbLease> {
  private checkpointed = 0;
  private checkpointStreamExists = false;
  private live?: AllStreamSubscription;
  /** Set when the server call is ended on purpose (stopping, the lease lost): what that raises is not a failure. */
  private ending = false;
  private readonly types?: Set<string>;
  private readonly checkpointWrites = new OneAtATime();

  constructor(
    private readonly client: SubscriptionClient,
    private readonly reader: AllReader,
    options: SubscribeOptions,
    onStopped: () => void,
  ) {
    super(options, onStopped, (subscriptionId, leaseMs) => new EventStoreDbLease(client, subscriptionId, leaseMs));
    this.types = options.types?.length ? new Set(options.types) : undefined;
  }

  async caughtUp(): Promise<void> {
    if (this.failure) throw this.failure;
    const target = await this.reader.latestApplicationPosition(this.scannedUpTo);
    if (this.failure) throw this.failure;
    if (this.scannedUpTo >= target || !this.running) return;
    await this.waiters.until(target);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nap.wake();
    // Ends the server call; the loop finishes the batch in hand, stores the checkpoint and returns.
    await this.endLive();
    await this.ended();
  }

  /** Hands the log to the handler until stopped or, for an exclusive subscription, until the lease is lost. */
  protected async follow(position: number): Promise<void> {
    this.current = this.scannedUpTo = this.checkpointed = position;
    this.waiters.settle(this.scannedUpTo);
    await this.options.onHandlingStarts?.();
    this.leaseLost = false;
    this.ending = false;
    // An exclusive subscription's renewals are checkpoints too; they must come well within the lease.
    const tick = setInterval(() => void this.storeCheckpoint().catch(() => undefined), this.lease ? this.lease.leaseMs / 3 : CHECKPOINT_INTERVAL_MS);
    tick.unref();
    try {
      await this.catchUp();
      if (this.following()) await this.followLive();
    } catch (error) {
      // Done up to the batch before the one that failed: the next subscribe starts with it.
      await this.storeCheckpoint().catch(() => undefined);
      throw error;
    } finally {
      clearInterval(tick);
    }
    await this.storeCheckpoint();
  }

  private following(): boolean {
    return this.running && !this.leaseLost;
  }

  /** The backlog in pages: a holder taking over finds what its predecessor may have handled in its first. */
  private async catchUp(): Promise<void> {
    while (this.following()) {
      const page = await this.reader.readAll({ fromPosition: this.scannedUpTo, limit: BATCH, types: this.options.types });
      if (page.length > 0) await this.handle(page, page[page.length - 1].globalPosition);
      if (page.length < BATCH) return;
    }
  }

  private async followLive(): Promise<void> {
    let seenUpTo = this.scannedUpTo;
    let pending: RecordedEvent[] = [];
    const live = (this.live = this.client.subscribeToAll({
      fromPosition: readPositionOf(seenUpTo),
      filter: streamNameFilter({ regex: APPLICATION_STREAM_REGEX }),
    }));
    // Errors reach the loop through the iterator; this keeps one emitted after the loop ended from crashing the process.
    live.on('error', () => undefined);
    try {
      for await (const resolved of live) {
        if (!this.following()) return;
        const recorded = resolved.event;
        if (recorded) {
          const position = globalPositionOf(recorded.position);
          if (position > seenUpTo) {
            seenUpTo = position;
            const event = isApplicationEvent(recorded.streamId, recorded.type) ? decodeStoredEvent(recorded) : undefined;
            if (event && (!this.types || this.types.has(event.type))) pending.push(event);
          }
        }
        if (pending.length >= BATCH || live.readableLength === 0) {
          const batch = pending;
          pending = [];
          await this.handle(batch, seenUpTo);
        }
      }
    } catch (error) {
      if (this.ending) return;
      throw error;
    } finally {
      await this.endLive();
    }
    if (this.following()) throw new Error('EventStoreDB ended the subscription to $all');
  }

  /** Hands events to the handler; everything up to scannedTo is then done. */
  private async handle(events: RecordedEvent[], scannedTo: number): Promise<void> {
    // One event at a time, or the whole batch at once: the checkpoint never passes an unhandled event.
    const groups = this.options.handleBatch ? (events.length ? [events] : []) : events.map((event) => [event]);
    for (const group of groups) {
      if (!this.following()) return;
      await handleEvents(this.options, group);
      this.current = this.scannedUpTo = group[group.length - 1].globalPosition;
    }
    this.scannedUpTo = scannedTo;
    if (this.lease && events.length > 0) await this.storeCheckpoint();
    this.waiters.settle(this.scannedUpTo);
  }

  private async endLive(): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.live = undefined;
    this.ending = true;
    await live.unsubscribe().catch(() => undefined);
    live.destroy();
  }

  protected async loadCheckpoint(): Promise<number> {
    const start = this.options.fromPosition ?? 0;
    if (!this.options.subscriptionId) return start;
    const last = await readLastEvent(this.client, checkpointStreamName(this.options.subscriptionId));
    this.checkpointStreamExists = last !== undefined;
    return last ? checkpointPositionOf(last) : start;
  }

  /** For an exclusive subscription, in its lease (a renewal too, refused once another holder has it); otherwise in its checkpoint stream when it moved. */
  private async storeCheckpoint(): Promise<void> {
    if (this.lease) {
      if (!this.leaseLost && !(await this.lease.storeCheckpoint(this.scannedUpTo))) {
        this.leaseLost = true;
        await this.endLive();
      }
      return;
    }
    const subscriptionId = this.options.subscriptionId;
    if (!subscriptionId) return;
    await this.checkpointWrites.run(async () => {
      const position = this.scannedUpTo;
      if (position === this.checkpointed) return;
      const stream = checkpointStreamName(subscriptionId);
      if (!this.checkpointStreamExists) {
        // Only the latest checkpoint matters: the server may scavenge the ones before it.
        await setStreamMetadataOrRefuse(this.client, stream, { maxCount: 1 });
        this.checkpointStreamExists = true;
      }
      await appendOrRefuse(this.client, stream, checkpointEventData(position));
      this.checkpointed = position;
    });
  }
}
