import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { Actor, ApiRoute, CLOCK, Clock, CurrentActor, ProblemError, problemType, RequestMeta, Roles, validationProblem, ValidParams } from '@okr/service-kit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { IMPORT_JOBS, ImportJobs } from '../../application/import-jobs.port';
import { staleBefore, visibleImportJob } from '../../application/visible-import-job';
import { CsvImportRunner } from '../import-csv/csv-import.runner';
import { answerJobStarted, importStarted } from '../import-csv/job-started.response';

const jobParams = z.strictObject({ id: z.uuid() });

@Controller('imports')
export class ResumeImportController {
  constructor(
    private readonly runner: CsvImportRunner,
    @Inject(IMPORT_JOBS) private readonly jobs: ImportJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':id/resume')
  @Roles('admin', 'integration')
  @ApiRoute({
    summary: 'Resume an interrupted import job with the same file',
    description:
      'Upload the same file again: the rows up to the job’s committedThroughLine were committed before it was interrupted and are skipped; the rest are imported into the same job, ' +
      'with the source it started with. Only an interrupted job resumes (409 otherwise); its creator and admins may resume it.',
    tags: ['imports'],
    consumes: 'text/csv',
    responses: { 202: { description: 'the job runs again', schema: importStarted }, 404: 'no such job, or not yours', 409: 'the job is not interrupted' },
  })
  async resume(@ValidParams(jobParams) params: z.infer<typeof jobParams>, @Req() request: Request, @Res() response: Response, @CurrentActor() actor: Actor, @RequestMeta() meta: RequestMeta) {
    if (!request.is('text/csv')) throw validationProblem([{ field: 'body', reason: 'send the file as Content-Type: text/csv' }]);
    const now = this.clock.now();
    const job = await visibleImportJob(this.jobs, params.id, actor, now);
    if (job.state !== 'interrupted' || !(await this.jobs.resume(job.id, staleBefore(now)))) {
      throw new ProblemError({ type: problemType('conflict'), title: 'Conflict', status: 409, detail: `import job ${job.id} is ${job.state}: only an interrupted job resumes` });
    }
    const { read } = this.runner.resume(job, request, { actor: actor.id, correlationId: meta.correlationId, causationId: meta.requestId });
    await answerJobStarted(response, job.id, read);
  }
}
