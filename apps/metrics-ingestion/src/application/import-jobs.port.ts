import { FieldError } from '@okr/service-kit';

export const IMPORT_JOBS = Symbol('IMPORT_JOBS');

/**
 * `interrupted`: stopped before the file's end (the process was told to stop, or died: a running
 * job whose heartbeat is older than IMPORT_HEARTBEAT_STALE_MS); the same file resumes it.
 */
export type ImportJobState = 'running' | 'completed' | 'failed' | 'interrupted';

/** A running job's runner records that it is alive this often... */
export const IMPORT_HEARTBEAT_MS = 10_000;
/** ...so a running job not heard of for this long died with its process. */
export const IMPORT_HEARTBEAT_STALE_MS = 60_000;

export interface ImportProgress {
  bytesRead: number;
  rowsRead: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  /** Every row ending on this line of the file or before is committed (1: none yet, the header). */
  committedThroughLine: number;
  /** Rows per second over the last committed batch. */
  currentRowsPerSecond: number;
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
  /** The source its rows are recorded as. */
  system: string;
  /** When its runner was last heard of (it commits, or beats every IMPORT_HEARTBEAT_MS). */
  heartbeatAt: string;
}

export interface RowError extends FieldError {
  /** The line of the file the row ends on (the header is line 1). */
  row: number;
}

/** CSV import jobs and their per-row error reports. */
export interface ImportJobs {
  start(job: { id: string; fileName?: string; startedBy: string; system: string }): Promise<void>;
  progress(id: string, progress: ImportProgress, errors: RowError[]): Promise<void>;
  /** The runner is alive: refreshes the job's heartbeat. */
  heartbeat(id: string): Promise<void>;
  finish(id: string, state: 'completed' | 'failed' | 'interrupted', failure?: string): Promise<void>;
  /** Marks an interrupted (or abandoned) job running again; false when it is neither. */
  resume(id: string, staleBefore: Date): Promise<boolean>;
  get(id: string): Promise<ImportJob | undefined>;
  /** The job's row errors in file order, `limit` rows (with all their errors) at a time. */
  errors(id: string, page: { afterRow: number; limit: number }): Promise<RowError[]>;
}
