import { RecordedEvent } from '@okr/contracts';
import { EventSubscription, handleEvents, ReadAllOptions, SubscribeOptions } from '../event-store.port';
import { SqlQuery } from './sql-client';

const BATCH = 500;
const POLL_INTERVAL_MS = 200;

interface AllReader {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  headPosition(): Promise<number>;
}

interface Waiter {
  target: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Follows the global log: reads in batches, hands each event to the handler in order, and keeps
 * the checkpoint of a named subscription. Woken at once by appends in this process, and polls for
 * appends made by others.
 */
export class PollingSubscription implements EventSubscription {
  private current = 0;
  /** Everything visible up to here has been looked at (with a type filter, position lags behind). */
  private scannedUpTo = 0;
  private running = false;
  private loop?: Promise<void>;
  private sleeping?: { timer: NodeJS.Timeout; wake(): void };
  private failure?: unknown;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly reader: AllReader,
    private readonly sql: SqlQuery,
    private readonly schema: string,
    private readonly options: SubscribeOptions,
    private readonly onStopped: () => void,
  ) {}

  get position(): number {
    return this.current;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.sleeping?.wake();
  }

  async caughtUp(): Promise<void> {
    if (this.failure) throw this.failure;
    const target = await this.reader.headPosition();
    if (this.scannedUpTo >= target || !this.running) return;
    await new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    try {
      this.current = await this.loadCheckpoint();
      this.scannedUpTo = this.current;
      while (this.running) {
        const head = await this.reader.headPosition();
        const batch = await this.reader.readAll({ fromPosition: this.current, limit: BATCH, types: this.options.types });
        // One event at a time, or the whole batch at once: the checkpoint never passes an unhandled event.
        const groups = this.options.handleBatch ? (batch.length ? [batch] : []) : batch.map((event) => [event]);
        for (const events of groups) {
          if (!this.running) break;
          try {
            await handleEvents(this.options, events);
          } catch (error) {
            await this.storeCheckpoint();
            throw error;
          }
          this.current = events[events.length - 1].globalPosition;
          this.scannedUpTo = Math.max(this.scannedUpTo, this.current);
        }
        if (batch.length > 0) await this.storeCheckpoint();
        if (batch.length < BATCH && this.running) {
          this.scannedUpTo = Math.max(this.scannedUpTo, head);
          this.settleWaiters();
          await this.sleep();
        } else {
          this.settleWaiters();
        }
      }
    } catch (error) {
      this.failure = error;
      this.running = false;
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      this.options.onError?.(error);
    } finally {
      this.onStopped();
      for (const waiter of this.waiters.splice(0)) waiter.resolve();
    }
  }

  private settleWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.scannedUpTo >= this.waiters[i].target) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping = undefined;
        resolve();
      };
      const timer = setTimeout(wake, POLL_INTERVAL_MS);
      this.sleeping = { timer, wake };
    });
  }

  private async loadCheckpoint(): Promise<number> {
    const start = this.options.fromPosition ?? 0;
    if (!this.options.subscriptionId) return start;
    const [row] = await this.sql.query<{ position: string | number }>(
      `select position from ${this.schema}.subscription_checkpoints where subscription_id = $1`,
      [this.options.subscriptionId],
    );
    return row ? Number(row.position) : start;
  }

  private async storeCheckpoint(): Promise<void> {
    if (!this.options.subscriptionId) return;
    await this.sql.query(
      `insert into ${this.schema}.subscription_checkpoints (subscription_id, position, updated_at) values ($1, $2, now())
       on conflict (subscription_id) do update set position = excluded.position, updated_at = excluded.updated_at`,
      [this.options.subscriptionId, this.current],
    );
  }
}
