import { NewEvent } from '@okr/contracts';
import { randomUUID } from 'node:crypto';

/** An event with complete metadata, for suites that exercise a store rather than the domain. */
export function newTestEvent(type: string, data: Record<string, unknown> = {}, metadata: Partial<NewEvent['metadata']> = {}): NewEvent {
  const at = metadata.recordedAt ?? new Date().toISOString();
  return {
    type,
    data,
    metadata: {
      eventId: randomUUID(),
      actor: 'tester',
      recordedAt: at,
      effectiveAt: at,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      ...metadata,
    },
  };
}

export function uniqueStreamId(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}
