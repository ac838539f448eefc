import { Inject, Injectable } from '@nestjs/common';
import { ImportJob, ImportJobs, ImportProgress, RowError } from '../application/import-jobs.port';
import { INGESTION_DATABASE, IngestionDatabase } from '../application/ingestion-database.port';
import { insertRows } from '@okr/event-store';
import { CLOCK, Clock, storableText } from '@okr/service-kit';

interface JobRow {
  id: string;
  file_name: string | null;
  state: ImportJob['state'];
  bytes_read: string | number;
  rows_read: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  failure: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
  started_by: string;
  committed_through_line: number;
  current_rows_per_second: number;
  heartbeat_at: Date | string | null;
  source_system: string | null;
}

@Injectable()
export class SqlImportJobs implements ImportJobs {
  constructor(
    @Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(job: { id: string; fileName?: string; startedBy: string; system: string }): Promise<void> {
    await this.db.query(
      `insert into ${this.db.table('import_jobs')} (id, file_name, state, started_at, heartbeat_at, started_by, source_system) values ($1, $2, 'running', $3, $3, $4, $5)`,
      [job.id, job.fileName ?? null, this.clock.now().toISOString(), job.startedBy, job.system],
    );
  }

  async progress(id: string, progress: ImportProgress, errors: RowError[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `update ${this.db.table('import_jobs')} set bytes_read = $2, rows_read = $3, accepted = $4, unchanged = $5, rejected = $6,
           committed_through_line = $7, current_rows_per_second = $8, heartbeat_at = $9 where id = $1`,
        [id, progress.bytesRead, progress.rowsRead, progress.accepted, progress.unchanged, progress.rejected, progress.committedThroughLine, progress.currentRowsPerSecond, this.clock.now().toISOString()],
      );
      await insertRows(tx, this.db.table('import_job_errors'), ['job_id', 'row_number', 'field', 'reason'], errors.map((error) => [id, error.row, storableText(error.field), storableText(error.reason)]));
    });
  }

  async heartbeat(id: string): Promise<void> {
    await this.db.query(`update ${this.db.table('import_jobs')} set heartbeat_at = $2 where id = $1 and state = 'running'`, [id, this.clock.now().toISOString()]);
  }

  async resume(id: string, staleBefore: Date): Promise<boolean> {
    // One statement: of two resumes of the same job, one wins.
    const resumed = await this.db.query(
      `update ${this.db.table('import_jobs')} set state = 'running', failure = null, finished_at = null, current_rows_per_second = 0, heartbeat_at = $2
       where id = $1 and (state = 'interrupted' or (state = 'running' and heartbeat_at < $3)) returning id`,
      [id, this.clock.now().toISOString(), staleBefore.toISOString()],
    );
    return resumed.length === 1;
  }

  async finish(id: string, state: 'completed' | 'failed' | 'interrupted', failure?: string): Promise<void> {
    await this.db.query(`update ${this.db.table('import_jobs')} set state = $2, failure = $3, finished_at = $4 where id = $1`, [id, state, failure === undefined ? null : storableText(failure), this.clock.now().toISOString()]);
  }

  async get(id: string): Promise<ImportJob | undefined> {
    const [row] = await this.db.query<JobRow>(`select * from ${this.db.table('import_jobs')} where id = $1`, [id]);
    if (!row) return undefined;
    return {
      id: row.id,
      ...(row.file_name === null ? {} : { fileName: row.file_name }),
      state: row.state,
      bytesRead: Number(row.bytes_read),
      rowsRead: row.rows_read,
      accepted: row.accepted,
      unchanged: row.unchanged,
      rejected: row.rejected,
      ...(row.failure === null ? {} : { failure: row.failure }),
      startedAt: new Date(row.started_at).toISOString(),
      ...(row.finished_at === null ? {} : { finishedAt: new Date(row.finished_at).toISOString() }),
      startedBy: row.started_by,
      // Jobs from before sources were kept were all csv's.
      system: row.source_system ?? 'csv',
      committedThroughLine: row.committed_through_line,
      currentRowsPerSecond: Number(row.current_rows_per_second),
      heartbeatAt: new Date(row.heartbeat_at ?? row.started_at).toISOString(),
    };
  }

  async errors(id: string, page: { afterRow: number; limit: number }): Promise<RowError[]> {
    return this.db.query<RowError>(
      // A page holds whole rows: a row with several errors is never split between pages.
      `select row_number as "row", field, reason from ${this.db.table('import_job_errors')}
       where job_id = $1 and row_number > $2 and row_number <= (
         select coalesce(max(row_number), $2) from (select distinct row_number from ${this.db.table('import_job_errors')} where job_id = $1 and row_number > $2 order by row_number limit $3) page)
       order by row_number, field`,
      [id, page.afterRow, page.limit],
    );
  }
}
