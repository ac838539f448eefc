import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, Roles, ValidParams } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { IMPORT_JOBS, ImportJobs } from '../../application/import-jobs.port';
import { visibleImportJob } from '../../application/visible-import-job';

const jobParams = z.strictObject({ id: z.uuid() });
const ERRORS_SHOWN = 1_000;
const ERROR_PAGE_ROWS = 5_000;

const importJobView = z.object({
  id: z.string(),
  state: z.enum(['running', 'completed', 'failed', 'interrupted']).describe('interrupted: stopped before the end of the file; the same file resumes it (POST /imports/{id}/resume)'),
  fileName: z.string().optional(),
  bytesRead: z.number(),
  rowsRead: z.number(),
  accepted: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  rowsPerSecond: z.number().describe('rows read per second since the start'),
  currentRowsPerSecond: z.number().describe('rows per second over the last committed batch; 0 unless running'),
  committedThroughLine: z.number().describe('every row ending on this line or before is committed: a resume goes on after it'),
  failure: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  errors: z.array(z.object({ row: z.number(), field: z.string(), reason: z.string() })).describe(`the first ${ERRORS_SHOWN} rejected rows' errors; all of them at errorsUrl`),
  errorsUrl: z.string(),
});

@Controller('imports')
export class GetImportJobController {
  constructor(
    @Inject(IMPORT_JOBS) private readonly jobs: ImportJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id')
  @Roles('admin', 'integration')
  @ApiRoute({
    summary: 'An import job: its progress while it runs, each rejected row at the end',
    description: 'Visible to whoever started it and to admins; to anyone else it does not exist.',
    tags: ['imports'],
    responses: { 200: importJobView, 404: 'no such job, or not yours' },
  })
  async get(@ValidParams(jobParams) params: z.infer<typeof jobParams>, @CurrentActor() actor: Actor): Promise<z.infer<typeof importJobView>> {
    const job = await visibleImportJob(this.jobs, params.id, actor, this.clock.now());
    const elapsed = (new Date(job.finishedAt ?? this.clock.now()).getTime() - new Date(job.startedAt).getTime()) / 1000;
    const { startedBy: _, heartbeatAt: __, system: ___, ...view } = job;
    return {
      ...view,
      currentRowsPerSecond: job.state === 'running' ? job.currentRowsPerSecond : 0,
      rowsPerSecond: elapsed > 0 ? Math.round(job.rowsRead / elapsed) : job.rowsRead,
      errors: await this.jobs.errors(job.id, { afterRow: 0, limit: ERRORS_SHOWN }),
      errorsUrl: `/imports/${job.id}/errors.csv`,
    };
  }

  @Get(':id/errors.csv')
  @Roles('admin', 'integration')
  @ApiRoute({
    summary: "An import job's rejected rows as CSV (row,field,reason)",
    description: 'Visible to whoever started the job and to admins.',
    tags: ['imports'],
    responses: { 200: { description: 'row,field,reason', contentType: 'text/csv' }, 404: 'no such job, or not yours' },
  })
  async errorsCsv(@ValidParams(jobParams) params: z.infer<typeof jobParams>, @CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const job = await visibleImportJob(this.jobs, params.id, actor, this.clock.now());
    response.status(200).type('text/csv').write('row,field,reason\n');
    for (let afterRow = 0; ; ) {
      const page = await this.jobs.errors(job.id, { afterRow, limit: ERROR_PAGE_ROWS });
      if (page.length === 0) break;
      response.write(page.map((error) => [String(error.row), error.field, error.reason].map(csvCell).join(',')).join('\n') + '\n');
      afterRow = page[page.length - 1].row;
    }
    response.end();
  }

}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
