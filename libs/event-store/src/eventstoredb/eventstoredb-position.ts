import { Position, ReadPosition, START } from '@eventstore/db-client';

/** What EventStoreDB sends for an event whose place in $all it does not report (max unsigned 64-bit). */
const NO_POSITION = 2n ** 64n - 1n;

/**
 * Our globalPosition is the event's commit position in $all. Events appended over gRPC are each
 * committed on their own (no explicit transactions), so commit and prepare positions are equal and
 * unique per event. They are byte offsets in the transaction log and stay below 2^53 (8 PiB of
 * log), so a JS number holds them exactly; a larger one is refused rather than rounded.
 */
export function globalPositionOf(position: Position | undefined): number {
  if (position === undefined || position.commit === NO_POSITION) {
    throw new Error('EventStoreDB did not report the event position in $all: the EventStoreDB adapter needs server 22.6 or later');
  }
  if (position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`EventStoreDB commit position ${position.commit} exceeds 2^53 - 1 and cannot be a globalPosition`);
  }
  return Number(position.commit);
}

/**
 * Where to read $all from to see the events after globalPosition (0: from the start). The
 * position must be one this store returned: EventStoreDB refuses positions between records.
 */
export function readPositionOf(globalPosition: number): ReadPosition {
  if (!Number.isSafeInteger(globalPosition) || globalPosition < 0) {
    throw new RangeError(`a global position is a whole number from 0, got ${globalPosition}`);
  }
  if (globalPosition === 0) return START;
  const at = BigInt(globalPosition);
  return { commit: at, prepare: at };
}
