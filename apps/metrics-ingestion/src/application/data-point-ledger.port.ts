import { SqlQuery } from '@okr/event-store';
import { ContributionChange } from './contribution';

export const DATA_POINT_LEDGER = Symbol('DATA_POINT_LEDGER');

/** Who caused a change and within which piece of work: goes into every data point's metadata. */
export interface ChangeOrigin {
  /** The token's subject (a person or integration:<source>). */
  actor: string;
  correlationId: string;
  causationId: string;
}

export type ChangeOutcome = { status: 'unchanged' } | { status: 'accepted'; dataPointIds: string[] };

/**
 * The append-only log of accepted data points (also the outbox the publisher follows) and the
 * head of each record's stream. Works inside the caller's transaction, so a source's own state
 * (an opportunity, an import job's progress) commits with the data points it caused, or not at all.
 */
export interface DataPointLedger {
  /** Decides each change in order (a record may appear more than once) and appends what is new. */
  record(tx: SqlQuery, changes: ContributionChange[], origin: ChangeOrigin): Promise<ChangeOutcome[]>;
}
