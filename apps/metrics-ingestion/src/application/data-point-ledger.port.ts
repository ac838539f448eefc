import { FieldError } from '@okr/service-kit';
import { ContributionChange } from './contribution';
import { IngestionTransaction } from './ingestion-database.port';

export const DATA_POINT_LEDGER = Symbol('DATA_POINT_LEDGER');

/** Who caused a change and within which piece of work: goes into every data point's metadata. */
export interface ChangeOrigin {
  /** The token's subject (a person or integration:<source>). */
  actor: string;
  correlationId: string;
  causationId: string;
}

export type ChangeOutcome =
  | { status: 'unchanged'; superseded?: boolean }
  | { status: 'accepted'; dataPointIds: string[] }
  | { status: 'rejected'; errors: FieldError[] };

/**
 * The metric ledger's write side: every accepted version of every source record (also the outbox
 * the publisher follows) and the head of each record. Works inside the caller's transaction, so a
 * source's own state (an opportunity) commits with the data points it caused, or not at all. Call
 * it last in the transaction: from its append to the commit, every other appender waits (that is
 * what keeps ledger positions dense and in commit order).
 */
export interface DataPointLedger {
  /**
   * Decides each change in order (a record may appear more than once) and appends what is new. A
   * change older, by its source order, than the record's newest recorded one is unchanged and superseded.
   */
  record(tx: IngestionTransaction, changes: ContributionChange[], origin: ChangeOrigin): Promise<ChangeOutcome[]>;
}
