import {
  ANY,
  AppendResult,
  AppendToStreamOptions,
  BACKWARDS,
  END,
  EventData,
  EventStoreDBClient,
  NO_STREAM,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent as EsdbRecordedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  SubscribeToAllOptions,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import { Readable } from 'node:stream';

const POSITION_STEP = 128n;

interface Connection {
  throwOnAppendFailure: boolean;
  dead: boolean;
}

/**
 * A single EventStoreDB node in memory, behind the methods of the real client the adapter calls,
 * for unit tests of the adapter's own logic (leases, checkpoints, batching, refused appends). It
 * keeps what the adapter relies on: one revision per stream checked on append, positions in $all
 * that only grow, a read of a missing stream failing with StreamNotFoundError, reads of $all
 * including system streams, a subscription to $all that filters on stream names and then goes on
 * live. It is not EventStoreDB: the contract suite against a real server is the proof.
 */
export class InMemoryEventStoreDb {
  private readonly all: EsdbRecordedEvent[] = [];
  private readonly streams = new Map<string, EsdbRecordedEvent[]>();
  private readonly live = new Set<{ connection: Connection; accepts(record: EsdbRecordedEvent): boolean; stream: Readable }>();
  private position = 0n;
  /** Every successful append, by stream name: what the adapter wrote, for tests that count writes. */
  readonly appends: string[] = [];

  /** A client connected to this node; throwOnAppendFailure as in a connection string (default true). */
  connect(options: { throwOnAppendFailure?: boolean } = {}): FakeClient {
    const connection: Connection = { throwOnAppendFailure: options.throwOnAppendFailure ?? true, dead: false };
    const client: Pick<EventStoreDBClient, 'appendToStream' | 'setStreamMetadata' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'> = {
      appendToStream: (streamName: string, events: EventData | EventData[], appendOptions?: AppendToStreamOptions) =>
        this.whileAlive(connection, () => this.append(connection, streamName, Array.isArray(events) ? events : [events], appendOptions?.expectedRevision ?? ANY)),
      setStreamMetadata: (streamName: string, metadata: object) =>
        this.whileAlive(connection, () => this.append(connection, `$$${streamName}`, [{ id: crypto.randomUUID(), type: '$metadata', contentType: 'application/json', data: { ...metadata } as Record<string, unknown>, metadata: undefined }], ANY)),
      readStream: ((streamName: string, readOptions: ReadStreamOptions = {}) => this.read(connection, () => this.readStreamRecords(streamName, readOptions))) as EventStoreDBClient['readStream'],
      readAll: ((readOptions: ReadAllOptions = {}) => this.read(connection, () => this.readAllRecords(readOptions))) as EventStoreDBClient['readAll'],
      subscribeToAll: ((subscribeOptions: SubscribeToAllOptions = {}) => this.subscribe(connection, subscribeOptions)) as EventStoreDBClient['subscribeToAll'],
      dispose: async () => undefined,
    };
    return Object.assign(client as unknown as EventStoreDBClient, {
      /** The process holding this client dies: nothing it asked is ever answered, its subscriptions go quiet. */
      kill: () => void (connection.dead = true),
    });
  }

  private async whileAlive<Result>(connection: Connection, call: () => Result): Promise<Result> {
    await new Promise((resolve) => setImmediate(resolve));
    if (connection.dead) return new Promise<never>(() => undefined);
    return call();
  }

  private append(connection: Connection, streamName: string, events: EventData[], expected: AppendToStreamOptions['expectedRevision']): AppendResult {
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    const accepted = expected === ANY || (expected === NO_STREAM ? current === NO_STREAM : expected === STREAM_EXISTS ? current !== NO_STREAM : current === expected);
    if (!accepted) {
      if (connection.throwOnAppendFailure) throw new EsdbWrongExpectedVersionError(undefined, { streamName, expected: expected!, current });
      return { success: false, nextExpectedRevision: current === NO_STREAM ? -1n : current, position: undefined };
    }
    for (const event of events) {
      this.position += POSITION_STEP;
      const roundTrip = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
      const record = {
        streamId: streamName,
        id: event.id,
        isJson: true,
        revision: BigInt(stream.length),
        type: event.type,
        created: new Date(),
        data: roundTrip(event.data),
        metadata: roundTrip(event.metadata),
        position: { commit: this.position, prepare: this.position },
      } as EsdbRecordedEvent;
      stream.push(record);
      this.all.push(record);
      for (const subscription of this.live) if (!subscription.connection.dead && subscription.accepts(record)) subscription.stream.push({ event: record });
    }
    this.streams.set(streamName, stream);
    this.appends.push(streamName);
    const last = stream[stream.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private readStreamRecords(streamName: string, options: ReadStreamOptions): EsdbRecordedEvent[] {
    const stream = this.streams.get(streamName);
    if (!stream) throw new StreamNotFoundError(undefined, streamName);
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    if (options.direction === BACKWARDS) {
      const from = options.fromRevision === undefined || options.fromRevision === END ? stream.length - 1 : Number(options.fromRevision);
      return stream.slice(0, from + 1).reverse().slice(0, maxCount);
    }
    const from = options.fromRevision === undefined || options.fromRevision === START ? 0 : Number(options.fromRevision);
    return stream.slice(from, from + maxCount);
  }

  private readAllRecords(options: ReadAllOptions): EsdbRecordedEvent[] {
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const at = (from: ReadAllOptions['fromPosition'], fallback: bigint) => (from === undefined || from === START ? 0n : from === END ? fallback : from.commit);
    if (options.direction === BACKWARDS) {
      const before = at(options.fromPosition ?? END, this.position);
      return this.all.filter((record) => record.position!.commit <= before).reverse().slice(0, maxCount);
    }
    const from = at(options.fromPosition, 0n);
    return this.all.filter((record) => record.position!.commit >= from).slice(0, maxCount);
  }

  /** A read as the client streams it: items, or the error of the read, and cancel() to end it early. */
  private read(connection: Connection, records: () => EsdbRecordedEvent[]) {
    async function* items() {
      await new Promise((resolve) => setImmediate(resolve));
      if (connection.dead) await new Promise<never>(() => undefined);
      for (const event of records()) yield { event };
    }
    const stream = Readable.from(items());
    return Object.assign(stream, { cancel: async () => void stream.destroy() });
  }

  private subscribe(connection: Connection, options: SubscribeToAllOptions) {
    const stream = new Readable({ objectMode: true, read: () => undefined });
    const regex = options.filter && 'regex' in options.filter ? new RegExp(options.filter.regex) : undefined;
    const from = options.fromPosition === undefined || options.fromPosition === START ? -1n : options.fromPosition === END ? this.position : options.fromPosition.commit;
    const subscription = { connection, stream, accepts: (record: EsdbRecordedEvent) => record.position!.commit > from && (!regex || regex.test(record.streamId)) };
    setImmediate(() => {
      if (connection.dead || stream.destroyed) return;
      for (const record of this.all) if (subscription.accepts(record)) stream.push({ event: record });
      this.live.add(subscription);
    });
    const end = () => {
      this.live.delete(subscription);
      if (!stream.destroyed) stream.push(null);
    };
    stream.on('close', () => this.live.delete(subscription));
    return Object.assign(stream, { unsubscribe: async () => end() });
  }
}

export type FakeClient = EventStoreDBClient & { kill(): void };
