/**
 * What every recorded event carries besides its data.
 * recordedAt is transaction time (when the platform learned it); effectiveAt is valid time
 * (when it was true in the world), which may be earlier, e.g. a late check-in.
 */
export interface EventMetadata {
  eventId: string;
  /** A person's id, or `integration:<source>` for numbers that arrive from another system. */
  actor: string;
  recordedAt: string;
  effectiveAt: string;
  correlationId: string;
  causationId: string;
  reason?: string;
  schemaVersion: number;
}
