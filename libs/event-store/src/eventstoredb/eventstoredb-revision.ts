import { AppendExpectedRevision, CurrentRevision, NO_STREAM } from '@eventstore/db-client';

/**
 * Our stream version counts events (0: the stream does not exist, n: n events); EventStoreDB's
 * revision is the 0-based index of the stream's last event. Version n is revision n - 1.
 */
export function expectedRevisionFor(version: number): AppendExpectedRevision {
  assertVersion(version);
  return version === 0 ? NO_STREAM : BigInt(version - 1);
}

/** The version of a stream whose last event has this revision (NO_STREAM: version 0). */
export function versionAtRevision(revision: CurrentRevision): number {
  return revision === NO_STREAM ? 0 : Number(revision) + 1;
}

/** The revision of the first event with a version above afterVersion. */
export function firstRevisionAfter(afterVersion: number): bigint {
  assertVersion(afterVersion);
  return BigInt(afterVersion);
}

function assertVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`a stream version is a whole number from 0, got ${version}`);
}
