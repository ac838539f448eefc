/**
 * Where a change stands in its record's own history at the source: its version number there, or
 * the instant the source last modified the record (in milliseconds). Deliveries arrive in any
 * order (a retried webhook, a replayed file); this order, not arrival, says which is newer.
 */
export interface SourceOrder {
  kind: 'version' | 'modifiedAt';
  value: number;
}

export type SourceOrderVerdict =
  /** Later than anything recorded for the record (or the record has no order yet): decide it. */
  | { verdict: 'newer' }
  /** The very version already recorded: the same content is unchanged, other content a conflict. */
  | { verdict: 'same' }
  /** Older than what is recorded: it never replaces the newer version. */
  | { verdict: 'older' }
  | { verdict: 'refused'; field: string; reason: string };

const FIELD: Record<SourceOrder['kind'], string> = { version: 'source.version', modifiedAt: 'source.modifiedAt' };

/** How a change's order compares with the newest one recorded for its record. */
export function compareSourceOrder(recorded: SourceOrder | undefined, given: SourceOrder | undefined): SourceOrderVerdict {
  if (!recorded) return { verdict: 'newer' };
  if (!given) return { verdict: 'refused', field: FIELD[recorded.kind], reason: `this record is ordered by its ${FIELD[recorded.kind]}: send it with every change` };
  if (given.kind !== recorded.kind) return { verdict: 'refused', field: FIELD[given.kind], reason: `this record is ordered by its ${FIELD[recorded.kind]}, not its ${FIELD[given.kind]}` };
  if (given.value > recorded.value) return { verdict: 'newer' };
  return given.value === recorded.value ? { verdict: 'same' } : { verdict: 'older' };
}
