/**
 * Streams the adapter keeps for itself beside the application's streams. They hold bookkeeping,
 * not goal changes, so readAll and subscriptions leave them out, like EventStoreDB's own
 * `$`-prefixed system streams and events.
 */
const CHECKPOINT_PREFIX = 'okr-checkpoint-';
const SNAPSHOT_PREFIX = 'okr-snapshot-';
const LEASE_PREFIX = 'okr-lease-';
const SYSTEM_PREFIX = '$';

export function checkpointStreamName(subscriptionId: string): string {
  return `${CHECKPOINT_PREFIX}${subscriptionId}`;
}

/** An exclusive subscription's lease, which also holds its checkpoint. */
export function leaseStreamName(subscriptionId: string): string {
  return `${LEASE_PREFIX}${subscriptionId}`;
}

export function snapshotStreamName(streamId: string): string {
  return `${SNAPSHOT_PREFIX}${streamId}`;
}

/** Streams of the application: the ones readAll and subscriptions deliver. */
export function isApplicationStream(streamName: string): boolean {
  return ![SYSTEM_PREFIX, CHECKPOINT_PREFIX, SNAPSHOT_PREFIX, LEASE_PREFIX].some((prefix) => streamName.startsWith(prefix));
}

/** An event of the application: in one of its streams and not a system event (links, metadata). */
export function isApplicationEvent(streamName: string, type: string): boolean {
  return isApplicationStream(streamName) && !type.startsWith(SYSTEM_PREFIX);
}

/**
 * The server-side stream-name filter of subscriptions, the same rule as isApplicationStream, so
 * system and bookkeeping events do not cross the network (EventStoreDB evaluates it as a .NET regex).
 */
export const APPLICATION_STREAM_REGEX = `^(?!${[SYSTEM_PREFIX, CHECKPOINT_PREFIX, SNAPSHOT_PREFIX, LEASE_PREFIX].map(escapeRegex).join('|')})`;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
