import { EventStoreDBClient, jsonEvent, NO_STREAM, RecordedEvent as EsdbRecordedEvent, WrongExpectedVersionError as EsdbWrongExpectedVersionError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { OneAtATime } from '../one-at-a-time';
import { ExclusiveLease, LeaseState } from '../exclusive-turn';
import { appendOrRefuse, setStreamMetadataOrRefuse } from './eventstoredb-append';
import { readLastEvent } from './eventstoredb-reads';
import { leaseStreamName } from './eventstoredb-stream-names';

const LEASE_EVENT_TYPE = 'SubscriptionLeaseHeld';
/** Only the newest record matters; a few are kept for whoever looks at who held it last. */
const RECORDS_KEPT = 10;

/** One record of a lease stream: who holds the subscription (null: handed back) and its checkpoint. */
interface LeaseRecord {
  holder: string | null;
  position: number;
}

export type LeaseClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'setStreamMetadata'>;

/**
 * Who runs a named subscription on EventStoreDB: one holder at a time across every process. The
 * lease is a stream of its own; every write to it (taking it, each renewal, each checkpoint, the
 * hand-back) appends with the revision the writer last saw, so of two writers only one succeeds
 * and a holder learns it was replaced when its next write is refused. The checkpoint lives in the
 * same records, so a replaced holder cannot move it. A lease has expired when its stream has not
 * moved for leaseMs as the one waiting sees it, by its own monotonic clock: no two processes'
 * clocks are ever compared. A holder that dies stops writing and is replaced within leaseMs and a
 * poll; one stopped cleanly hands the lease back and is replaced at the next poll.
 */
export class EventStoreDbLease implements ExclusiveLease {
  /** Names the process in the records, for whoever looks at who holds what. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly stream: string;
  /** The stream's revision after this holder's last write, while it holds the lease: the next write expects it. */
  private revision?: bigint;
  /** The checkpoint last stored. */
  private position = 0;
  /** Another holder's newest record, and since when (by this process's clock) it has not moved. */
  private watched?: { revision: bigint; since: number };
  /** Writes expecting a revision must not overlap, or this holder's own renewal would refuse its checkpoint. */
  private readonly writes = new OneAtATime();

  constructor(
    private readonly client: LeaseClient,
    subscriptionId: string,
    readonly leaseMs: number,
  ) {
    this.stream = leaseStreamName(subscriptionId);
  }

  /** Takes the lease when it is free, handed back, expired or already this holder's. */
  take(startPosition: number): Promise<LeaseState> {
    return this.writes.run(async () => {
      const last = await readLastEvent(this.client, this.stream);
      if (!last) {
        await setStreamMetadataOrRefuse(this.client, this.stream, { maxCount: RECORDS_KEPT });
        return this.claim(NO_STREAM, startPosition);
      }
      const record = leaseRecordOf(last);
      if (record.holder === this.holder) {
        this.revision = last.revision;
        this.position = record.position;
        return { held: true, position: record.position };
      }
      if (record.holder !== null && !this.expired(last.revision)) return { held: false, position: record.position };
      return this.claim(last.revision, record.position);
    });
  }

  /** Extends the lease; false when another holder has it now. */
  renew(): Promise<boolean> {
    return this.storeCheckpoint(this.position);
  }

  /** Stores the checkpoint and extends the lease, only while holding it: false when it was lost. */
  storeCheckpoint(position: number): Promise<boolean> {
    return this.writes.run(async () => {
      for (let attempt = 1; this.revision !== undefined && attempt <= 2; attempt++) {
        try {
          this.revision = (await appendOrRefuse(this.client, this.stream, leaseEventData({ holder: this.holder, position }), { expectedRevision: this.revision })).nextExpectedRevision;
          this.position = position;
          return true;
        } catch (error) {
          if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
          // A write of this holder's may have landed without its answer: the lease is still ours if the newest record is.
          const last = await readLastEvent(this.client, this.stream);
          this.revision = last && leaseRecordOf(last).holder === this.holder ? last.revision : undefined;
        }
      }
      this.revision = undefined;
      return false;
    });
  }

  /** Hands the lease back on a graceful stop: a standby takes over at its next poll instead of after the lease. */
  release(): Promise<void> {
    return this.writes.run(async () => {
      if (this.revision === undefined) return;
      const expectedRevision = this.revision;
      this.revision = undefined;
      try {
        await appendOrRefuse(this.client, this.stream, leaseEventData({ holder: null, position: this.position }), { expectedRevision });
      } catch (error) {
        // Refused: another holder has it already, nothing to hand back.
        if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
      }
    });
  }

  private expired(revision: bigint): boolean {
    const now = performance.now();
    if (this.watched?.revision !== revision) {
      this.watched = { revision, since: now };
      return false;
    }
    return now - this.watched.since >= this.leaseMs;
  }

  private async claim(expectedRevision: bigint | typeof NO_STREAM, position: number): Promise<LeaseState> {
    try {
      const result = await appendOrRefuse(this.client, this.stream, leaseEventData({ holder: this.holder, position }), { expectedRevision });
      this.revision = result.nextExpectedRevision;
      this.position = position;
      this.watched = undefined;
      return { held: true, position };
    } catch (error) {
      // Another standby took it first.
      if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
      return { held: false, position };
    }
  }
}

function leaseEventData(record: LeaseRecord) {
  return jsonEvent({ type: LEASE_EVENT_TYPE, data: { ...record } });
}

function leaseRecordOf(event: EsdbRecordedEvent): LeaseRecord {
  const data = event.isJson && typeof event.data === 'object' && !Array.isArray(event.data) ? (event.data as Partial<LeaseRecord>) : {};
  const { holder, position } = data;
  if (event.type !== LEASE_EVENT_TYPE || !(holder === null || typeof holder === 'string') || !Number.isSafeInteger(position) || (position as number) < 0) {
    throw new Error(`stream ${event.streamId} holds ${event.type} ${JSON.stringify(event.data)}, not a subscription lease`);
  }
  return { holder, position: position as number };
}
