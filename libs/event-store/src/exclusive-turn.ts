import { WakeableSleep } from './wakeable-sleep';

export interface LeaseState {
  held: boolean;
  /** The stored checkpoint: where the holder resumes, or how far another holder has gone. */
  position: number;
}

/** What an exclusive subscription holds while it runs its handler, whatever store keeps it. */
export interface ExclusiveLease {
  readonly leaseMs: number;
  /** Takes the lease when it is free, expired or already this holder's. */
  take(startPosition: number): Promise<LeaseState>;
  /** Hands it back, so a standby takes over at its next try instead of after the lease. */
  release(): Promise<void>;
}

/**
 * One try at an exclusive subscription's turn: the lease taken, or, held by another, how far that
 * one has gone (given to standingBy) after a pause short enough to take over soon after it ends.
 */
export async function tryTurn(lease: ExclusiveLease, startPosition: number, nap: WakeableSleep, standingBy: (holderPosition: number) => void): Promise<LeaseState> {
  const state = await lease.take(startPosition);
  if (!state.held) {
    standingBy(state.position);
    await nap.sleep(Math.min(1_000, lease.leaseMs / 4));
  }
  return state;
}
