import { Controller, Post, Req, Res } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, RequestMeta, Roles, validationProblem, ValidQuery } from '@okr/service-kit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { sourceSystemSchema } from '../../application/data-point-row';
import { CsvImportRunner, IMPORT_BATCH_ROWS } from './csv-import.runner';
import { DATA_POINT_CSV_COLUMNS } from './csv-row.mapping';

const importQuery = z.strictObject({
  source: sourceSystemSchema.default('csv').describe('the source.system of the rows: record_id is unique within it'),
  fileName: z.string().max(255).optional(),
});

const importStarted = z.object({ id: z.string(), state: z.literal('running'), url: z.string().describe('where to follow the job') });

@Controller('imports')
export class ImportCsvController {
  constructor(private readonly runner: CsvImportRunner) {}

  @Post()
  @Roles('admin', 'integration')
  @ApiRoute({
    summary: 'Import data points from a CSV file, as a job',
    description:
      `Columns: ${DATA_POINT_CSV_COLUMNS.join(',')} (operation may be left out: upsert). The file is read as it arrives and committed every ${IMPORT_BATCH_ROWS} rows; ` +
      'the answer’s status and Location (the job, which shows its progress and, at the end, each rejected row) come at once; its body once the file has been read. ' +
      'Good rows are committed even when others are bad; ' +
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
    const { id, read } = await this.runner.start(request, { fileName: query.fileName, system: query.source, origin: { actor: actor.id, correlationId: meta.correlationId, causationId: meta.requestId } });
    const url = `/imports/${id}`;
    // The status and the job's URL go out now; the response ends only once the upload has been read,
    // since Node stops reading a request whose response has ended (and may close its connection).
    response.status(202).location(url).type('application/json');
    response.flushHeaders();
    await read;
    response.end(JSON.stringify({ id, state: 'running', url }));
  }
}
