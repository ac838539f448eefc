import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { Actor, ApiRoute, boundedText, CurrentActor, ProblemError, problemType, RequestMeta, Roles, validationProblem, ValidQuery } from '@okr/service-kit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { sourceSystemSchema } from '../../application/data-point-row';
import { SOURCE_PERMISSIONS, SourcePermissions, sourcesOfCaller } from '../../application/source-permissions';
import { CsvImportRunner, IMPORT_BATCH_ROWS } from './csv-import.runner';
import { DATA_POINT_CSV_COLUMNS } from './csv-row.mapping';
import { answerJobStarted, importStarted } from './job-started.response';

const importQuery = z.strictObject({
  source: sourceSystemSchema.optional().describe('the source.system of the rows (record_id is unique within it): by default an integration token’s own source, csv for an admin'),
  fileName: boundedText(255).optional(),
});


@Controller('imports')
export class ImportCsvController {
  constructor(
    private readonly runner: CsvImportRunner,
    @Inject(SOURCE_PERMISSIONS) private readonly permissions: SourcePermissions,
  ) {}

  @Post()
  @Roles('admin', 'integration')
  @ApiRoute({
    summary: 'Import data points from a CSV file, as a job',
    description:
      `Columns: ${DATA_POINT_CSV_COLUMNS.join(',')} (operation may be left out: upsert). The file is read as it arrives and committed every ${IMPORT_BATCH_ROWS} rows; ` +
      'the answer’s status and Location (the job, which shows its progress and, at the end, each rejected row) come at once; its body once the file has been read. ' +
      'Good rows are committed even when others are bad; ' +
      'an integration token imports as its own source (or one INTEGRATION_SOURCES grants it), and the job is visible to its creator and admins only; ' +
      'importing the same file again changes nothing.',
    tags: ['imports'],
    consumes: 'text/csv',
    responses: { 202: { description: 'the job started', schema: importStarted } },
  })
  async import(
    @ValidQuery(importQuery) query: z.infer<typeof importQuery>,
    @Req() request: Request,
    @Res() response: Response,
    @CurrentActor() actor: Actor,
    @RequestMeta() meta: RequestMeta,
  ) {
    if (!request.is('text/csv')) throw validationProblem([{ field: 'body', reason: 'send the file as Content-Type: text/csv' }]);
    const sources = sourcesOfCaller(actor, this.permissions);
    const system = query.source ?? sources.defaultSystem ?? 'csv';
    const refusal = sources.refusal(system);
    if (refusal) throw new ProblemError({ type: problemType('forbidden'), title: 'Forbidden', status: 403, detail: refusal, errors: [{ field: 'query.source', reason: refusal }] });
    const { id, read } = await this.runner.start(request, { fileName: query.fileName, system, origin: { actor: actor.id, correlationId: meta.correlationId, causationId: meta.requestId } });
    await answerJobStarted(response, id, read);
  }
}
