import { createHash } from 'node:crypto';
import { NewEvent, RecordedEvent } from '@okr/contracts';
import { canonicalJson } from './canonical-json';

/** What the hash covers: everything that says what happened, where in its stream, and its metadata. */
export interface HashedContent {
  streamId: string;
  streamVersion: number;
  type: string;
  data: unknown;
  metadata: NewEvent['metadata'];
}

/** sha256 over the previous event's hash and this event's canonical content: tamper evidence per stream. */
export function computeEventHash(prevHash: string | null, content: HashedContent): string {
  const { streamId, streamVersion, type, data, metadata } = content;
  return createHash('sha256')
    .update(prevHash ?? '')
    .update('\n')
    .update(canonicalJson({ streamId, streamVersion, type, data, metadata }))
    .digest('hex');
}

export type ChainVerification =
  | { ok: true; verified: number }
  | {
      ok: false;
      verified: number;
      brokenAt: { streamVersion: number; eventId: string; reason: 'hash-mismatch' | 'prev-hash-mismatch' };
    };

/** Recomputes a stream's chain from its first event and reports the first link that does not hold. */
export function verifyChain(events: RecordedEvent[]): ChainVerification {
  let prevHash: string | null = null;
  for (const [index, event] of events.entries()) {
    const brokenAt = (reason: 'hash-mismatch' | 'prev-hash-mismatch') => ({
      ok: false as const,
      verified: index,
      brokenAt: { streamVersion: event.streamVersion, eventId: event.metadata.eventId, reason },
    });
    if (event.prevHash !== prevHash) return brokenAt('prev-hash-mismatch');
    if (computeEventHash(prevHash, event) !== event.hash) return brokenAt('hash-mismatch');
    prevHash = event.hash;
  }
  return { ok: true, verified: events.length };
}
