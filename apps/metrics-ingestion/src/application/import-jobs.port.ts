import { FieldError } from '@okr/service-kit';

export const IMPORT_JOBS = Symbol('IMPORT_JOBS');

export type ImportJobState = 'running' | 'completed' | 'failed';

export interface ImportProgress {
  bytesRead: number;
  rowsRead: number;
  accepted: number;
  unchanged: number;
  rejected: number;
}

export interface ImportJob extends ImportProgress {
  id: string;
  fileName?: string;
  state: ImportJobState;
  /** Why a failed job stopped (the rows committed before it stay committed). */
  failure?: string;
  startedAt: string;
  finishedAt?: string;
  startedBy: string;
}

export interface RowError extends FieldError {
  /** The line of the file the row ends on (the header is line 1). */
  row: number;
}

/** CSV import jobs and their per-row error reports. */
export interface ImportJobs {
  start(job: { id: string; fileName?: string; startedBy: string }): Promise<void>;
  progress(id: string, progress: ImportProgress, errors: RowError[]): Promise<void>;
  finish(id: string, state: 'completed' | 'failed', failure?: string): Promise<void>;
  get(id: string): Promise<ImportJob | undefined>;
  /** The job's row errors in file order, `limit` rows (with all their errors) at a time. */
  errors(id: string, page: { afterRow: number; limit: number }): Promise<RowError[]>;
}
