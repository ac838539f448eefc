import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { Actor, ApiRoute, CurrentActor, RequestMeta, Roles, ValidBody } from '@okr/service-kit';
import { DataPointIntake } from '../../application/data-point-intake';
import { candidateFromRow, dataPointBatchSchema } from '../../application/data-point-row';
import { SOURCE_PERMISSIONS, SourcePermissions, sourcesOfCaller } from '../../application/source-permissions';
import { rowResultsOf, rowResultsResponse } from './row-results.response';

@Controller('datapoints')
export class SubmitDataPointsController {
  constructor(
    private readonly intake: DataPointIntake,
    @Inject(SOURCE_PERMISSIONS) private readonly permissions: SourcePermissions,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin', 'integration')
  @ApiRoute({
    summary: 'Submit a batch of data points',
    description:
      'A JSON array of { metric, subject: { type: person|unit, id }, value, occurredAt, source: { system, recordId, version | modifiedAt }, operation: upsert|retract }. ' +
      'An integration token writes its own source (integration:crm writes crm, the default source.system) and those INTEGRATION_SOURCES grants it; a row naming another is rejected. ' +
      'Each row is answered: accepted (with its dataPointId), unchanged (the record already says exactly this), or rejected with its field errors. ' +
      'Good rows are committed together even when others are bad; sending the same batch again changes nothing.',
    tags: ['data points'],
    responses: { 200: { description: 'what became of each row', schema: rowResultsResponse } },
  })
  async submit(@ValidBody(dataPointBatchSchema) rows: unknown[], @CurrentActor() actor: Actor, @RequestMeta() meta: RequestMeta) {
    const sources = sourcesOfCaller(actor, this.permissions);
    const results = await this.intake.accept(rows.map((row) => candidateFromRow(row, { sources })), { actor: actor.id, correlationId: meta.correlationId, causationId: meta.requestId }, 'api');
    return rowResultsOf(results);
  }
}
