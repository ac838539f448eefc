import { CaughtUpWaiters } from './caught-up-waiters';
import { ExclusiveLease, tryTurn } from './exclusive-turn';
import { WakeableSleep } from './wakeable-sleep';

/** What a store's subscription brings to the loop both adapters run (see runTurns). */
export interface SubscriptionTurns {
  /** Only an exclusive subscription has one: it follows the log only while it holds it. */
  lease?: ExclusiveLease;
  fromPosition: number;
  nap: WakeableSleep;
  waiters: CaughtUpWaiters;
  isRunning(): boolean;
  /** Where a non-exclusive subscription resumes. */
  loadCheckpoint(): Promise<number>;
  /** Standing by: the holder's checkpoint says how far the log has been handled. */
  standingBy(holderPosition: number): void;
  /** Hands the log to the handler from `position` until stopped or, with a lease, until it is lost. */
  follow(position: number): Promise<void>;
  fail(error: unknown): void;
  /** The loop has ended, after the lease was handed back. */
  ended(): void;
}

/**
 * A subscription's life, the same on every store: take the lease (or stand by and try again), or
 * load the checkpoint, then follow the log; after a lost lease, try again. The lease is handed back
 * at once when the loop ends, also after a failure: another instance may be able to go on.
 */
export async function runTurns(turns: SubscriptionTurns): Promise<void> {
  let holding = false;
  try {
    while (turns.isRunning()) {
      let position: number;
      if (turns.lease) {
        const state = await tryTurn(turns.lease, turns.fromPosition, turns.nap, turns.standingBy);
        holding = state.held;
        if (!holding) continue;
        position = state.position;
      } else {
        position = await turns.loadCheckpoint();
      }
      if (!turns.isRunning()) break;
      await turns.follow(position);
      // Without a lease, following ends only with the subscription.
      if (!turns.lease) break;
    }
  } catch (error) {
    turns.fail(error);
  } finally {
    if (holding) await turns.lease?.release().catch(() => undefined);
    turns.ended();
    turns.waiters.releaseAll();
  }
}
