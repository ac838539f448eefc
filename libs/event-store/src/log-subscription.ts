import { CaughtUpWaiters } from './caught-up-waiters';
import { EventSubscription, SubscribeOptions } from './event-store.port';
import { ExclusiveLease, tryTurn } from './exclusive-turn';
import { WakeableSleep } from './wakeable-sleep';

/** An exclusive subscription's lease, unless the options say otherwise: a dead holder is replaced within about this long. */
const LEASE_MS = 5_000;

/**
 * What the subscriptions of every store share: their life. Take the lease (or stand by and try
 * again), or load the checkpoint, then follow the log until stopped or the lease is lost, and try
 * again. The lease is handed back at once when the loop ends, also after a failure: another
 * instance may be able to go on. A store's subscription says how it loads its checkpoint and follows.
 */
export abstract class LogSubscription<Lease extends ExclusiveLease> implements EventSubscription {
  /** The position of the last event handled. */
  protected current = 0;
  /** Every event up to here was handled or skipped (with a type filter, `current` lags behind). */
  protected scannedUpTo = 0;
  protected running = false;
  protected failure?: unknown;
  /** Set when another holder took the lease over. */
  protected leaseLost = false;
  protected readonly nap = new WakeableSleep();
  protected readonly waiters = new CaughtUpWaiters();
  protected readonly lease?: Lease;
  private loop?: Promise<void>;

  protected constructor(
    protected readonly options: SubscribeOptions,
    private readonly onStopped: () => void,
    leaseOf: (subscriptionId: string, leaseMs: number) => Lease,
  ) {
    if (options.exclusive) {
      if (!options.subscriptionId) throw new Error('an exclusive subscription needs a subscriptionId: the lease is held per id');
      this.lease = leaseOf(options.subscriptionId, options.leaseMs ?? LEASE_MS);
    }
  }

  get position(): number {
    return this.current;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  abstract caughtUp(): Promise<void>;
  abstract stop(): Promise<void>;

  /** Where a non-exclusive subscription resumes. */
  protected abstract loadCheckpoint(): Promise<number>;
  /** Hands the log to the handler from `position` until stopped or, for an exclusive subscription, until the lease is lost. */
  protected abstract follow(position: number): Promise<void>;

  /** Resolves when the loop has ended. */
  protected ended(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  protected fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    this.running = false;
    this.waiters.failAll(error);
    this.options.onError?.(error);
  }

  private async run(): Promise<void> {
    let holding = false;
    try {
      while (this.running) {
        let position: number;
        if (this.lease) {
          const state = await tryTurn(this.lease, this.options.fromPosition ?? 0, this.nap, (holderPosition) => {
            // Standing by: the holder's checkpoint says how far the log has been handled.
            this.scannedUpTo = Math.max(this.scannedUpTo, holderPosition);
            this.waiters.settle(this.scannedUpTo);
          });
          holding = state.held;
          if (!holding) continue;
          position = state.position;
        } else {
          position = await this.loadCheckpoint();
        }
        if (!this.running) break;
        await this.follow(position);
        // Without a lease, following ends only with the subscription.
        if (!this.lease) break;
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.running = false;
      if (holding) await this.lease?.release().catch(() => undefined);
      this.onStopped();
      this.waiters.releaseAll();
    }
  }
}
