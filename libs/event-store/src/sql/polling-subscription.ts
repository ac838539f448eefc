import { RecordedEvent } from '@okr/contracts';
import { handleEvents, ReadAllOptions, SubscribeOptions } from '../event-store.port';
import { LogSubscription } from '../log-subscription';
import { SqlQuery } from './sql-client';
import { SubscriptionLease } from './subscription-lease';

const BATCH = 500;
const POLL_INTERVAL_MS = 200;

interface AllReader {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  headPosition(): Promise<number>;
}

/**
 * Follows the global log: reads in batches, hands each event to the handler in order, and keeps
 * the checkpoint of a named subscription. Woken at once by appends in this process, and polls for
 * appends made by others. An exclusive one runs its handler only while it holds the subscription's
 * lease (see SubscriptionLease), standing by otherwise: one publisher per log whatever the number
 * of instances.
 */
export class PollingSubscription extends LogSubscription<SubscriptionLease> {
  constructor(
    private readonly reader: AllReader,
    private readonly sql: SqlQuery,
    private readonly schema: string,
    options: SubscribeOptions,
    onStopped: () => void,
  ) {
    super(options, onStopped, (subscriptionId, leaseMs) => new SubscriptionLease(sql, schema, subscriptionId, leaseMs));
  }

  wake(): void {
    this.nap.wake();
  }

  async caughtUp(): Promise<void> {
    if (this.failure) throw this.failure;
    const target = await this.reader.headPosition();
    if (this.scannedUpTo >= target || !this.running) return;
    const waiting = this.waiters.until(target);
    this.wake(); // the next poll reads the head now rather than after its pause
    await waiting;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.ended();
  }

  /** Hands the log to the handler until stopped or, for an exclusive subscription, until the lease is lost. */
  protected async follow(position: number): Promise<void> {
    this.current = position;
    this.scannedUpTo = Math.max(this.scannedUpTo, this.current);
    await this.options.onHandlingStarts?.();
    this.leaseLost = false;
    const lease = this.lease;
    const renewal = lease
      ? setInterval(() => {
          lease.renew().then(
            (held) => (this.leaseLost ||= !held),
            () => undefined, // a failed renewal is retried; the lease ends at its expiry if they all fail
          );
        }, lease.leaseMs / 3)
      : undefined;
    renewal?.unref();
    try {
      while (this.running && !this.leaseLost) {
        // The head only matters to callers of caughtUp(): an idle poll with none waiting costs one query, not two.
        const head = this.waiters.any ? await this.reader.headPosition() : undefined;
        const batch = await this.reader.readAll({ fromPosition: this.current, limit: BATCH, types: this.options.types });
        // One event at a time, or the whole batch at once: the checkpoint never passes an unhandled event.
        const groups = this.options.handleBatch ? (batch.length ? [batch] : []) : batch.map((event) => [event]);
        for (const events of groups) {
          if (!this.running || this.leaseLost) break;
          try {
            await handleEvents(this.options, events);
          } catch (error) {
            await this.storeCheckpoint();
            throw error;
          }
          this.current = events[events.length - 1].globalPosition;
          this.scannedUpTo = Math.max(this.scannedUpTo, this.current);
        }
        if (batch.length > 0 && !(await this.storeCheckpoint())) return;
        if (batch.length < BATCH && this.running) {
          if (head !== undefined) this.scannedUpTo = Math.max(this.scannedUpTo, head);
          this.waiters.settle(this.scannedUpTo);
          await this.nap.sleep(POLL_INTERVAL_MS);
        } else {
          this.waiters.settle(this.scannedUpTo);
        }
      }
    } finally {
      clearInterval(renewal);
    }
  }

  protected async loadCheckpoint(): Promise<number> {
    const start = this.options.fromPosition ?? 0;
    if (!this.options.subscriptionId) return start;
    const [row] = await this.sql.query<{ position: string | number }>(
      `select position from ${this.schema}.subscription_checkpoints where subscription_id = $1`,
      [this.options.subscriptionId],
    );
    return row ? Number(row.position) : start;
  }

  /** False when an exclusive subscription finds its lease taken over: the checkpoint stays the new holder's. */
  private async storeCheckpoint(): Promise<boolean> {
    if (!this.options.subscriptionId) return true;
    if (this.lease) {
      if (!this.leaseLost && !(await this.lease.storeCheckpoint(this.current))) this.leaseLost = true;
      return !this.leaseLost;
    }
    await this.sql.query(
      `insert into ${this.schema}.subscription_checkpoints (subscription_id, position, updated_at) values ($1, $2, now())
       on conflict (subscription_id) do update set position = excluded.position, updated_at = excluded.updated_at`,
      [this.options.subscriptionId, this.current],
    );
    return true;
  }
}
