/**
 * The database refused a value itself (a character or size it cannot hold), not the transaction
 * as a whole: the rows of a batch are then recorded apart, so the bad one alone is rejected.
 */
export class UnstorableDataError extends Error {
  constructor(cause: unknown) {
    super(`the database cannot store a value of this row: ${(cause as Error).message}`, { cause });
    this.name = 'UnstorableDataError';
  }
}
