import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiRoute, Roles, validationProblem, ValidQuery } from '@okr/service-kit';
import { z } from 'zod';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { Origin } from '../../http/origin.decorator';
import { effectiveAtQuery } from '../../http/effective-at.request';
import { ImportOrganizationHandler } from './import-organization.handler';
import { ORGANIZATION_CSV_COLUMNS, parseOrganizationCsv } from './organization-csv';

const importReport = z.object({
  summary: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
  errors: z.array(z.object({ line: z.number(), field: z.string().optional(), reason: z.string() })),
  version: z.number(),
});

@Controller('org/import')
export class ImportOrganizationController {
  constructor(private readonly handler: ImportOrganizationHandler) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiRoute({
    summary: 'Import org units and people from CSV (upsert; a report per bad row)',
    description: `Columns: ${ORGANIZATION_CSV_COLUMNS.join(',')}. Good rows are recorded even when some rows are bad; importing the same file again changes nothing. With ?effectiveAt= the rows take effect at that past instant (setting up last quarter today).`,
    tags: ['organisation'],
    consumes: 'text/csv',
    responses: { 200: { description: 'what was imported and each rejected row', schema: importReport } },
  })
  async import(@Body() body: unknown, @ValidQuery(effectiveAtQuery) { effectiveAt }: z.infer<typeof effectiveAtQuery>, @Origin() origin: ChangeOrigin) {
    if (typeof body !== 'string') throw validationProblem([{ field: 'body', reason: 'send the file as Content-Type: text/csv' }]);
    const { rows, unreadable } = parseOrganizationCsv(body);
    return this.handler.import(rows, { ...origin, effectiveAt }, unreadable);
  }
}
