import { EventMetadata } from './event-metadata';

/** An event about to be appended: the domain's type and data plus the metadata the application adds. */
export interface NewEvent<Type extends string = string, Data = Record<string, unknown>> {
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/** An event as the store holds it: its place in its stream and in the global log, and its hash link. */
export interface RecordedEvent<Type extends string = string, Data = Record<string, unknown>> extends NewEvent<Type, Data> {
  streamId: string;
  /** 1 for the first event of a stream. */
  streamVersion: number;
  /** Position in the store's global log; increases with every append, may have gaps. */
  globalPosition: number;
  /** sha256 over prevHash and the event's canonical content; see libs/event-store hash-chain. */
  hash: string;
  /** The hash of the previous event of the same stream, or null for the first. */
  prevHash: string | null;
}
