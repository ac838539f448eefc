import { Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiRoute, CLOCK, Clock, ProblemError, problemType, Public, RequestMeta, validationProblem, ValidParams } from '@okr/service-kit';
import type { Request } from 'express';
import { z } from 'zod';
import { DataPointIntake } from '../../application/data-point-intake';
import { candidateFromRow, dataPointBatchSchema } from '../../application/data-point-row';
import { rowResultsOf, rowResultsResponse } from '../submit-data-points/row-results.response';
import { WEBHOOK_SECRETS, WebhookSecrets } from './webhook-secrets';
import { checkWebhookSignature, DEFAULT_WEBHOOK_TOLERANCE_SECONDS, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from './webhook-signature';

const webhookParams = z.strictObject({ source: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ or -').meta({ examples: ['billing'] }) });

/** The caller proves who it is by the signature, not a token. */
@Public()
@Controller('webhooks')
export class ReceiveWebhookController {
  private readonly logger = new Logger(ReceiveWebhookController.name);

  constructor(
    private readonly intake: DataPointIntake,
    @Inject(WEBHOOK_SECRETS) private readonly secrets: WebhookSecrets,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':source')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Receive data points from a signed webhook',
    description:
      `The batch API's JSON array, signed: header ${WEBHOOK_TIMESTAMP_HEADER}: <Unix seconds> and header ${WEBHOOK_SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of "<timestamp>.<exact body bytes>" with the source's secret (WEBHOOK_SECRETS)>. ` +
      `A timestamp more than ${DEFAULT_WEBHOOK_TOLERANCE_SECONDS} seconds from the receiver's clock is refused, so a captured delivery cannot be replayed later. ` +
      'Every row says its record’s source.version or source.modifiedAt: an older version arriving after a newer one is answered unchanged (superseded) and never replaces it. ' +
      'The rows are recorded as source.system webhook:<source>, whatever they say; a replayed delivery changes nothing.',
    tags: ['data points'],
    body: dataPointBatchSchema,
    responses: { 200: { description: 'what became of each row', schema: rowResultsResponse }, 401: 'the signature or its timestamp is missing, does not match, or lies outside the tolerance' },
  })
  async receive(@ValidParams(webhookParams) params: z.infer<typeof webhookParams>, @Req() request: Request & { rawBody?: Buffer }, @RequestMeta() meta: RequestMeta) {
    const secret = Object.hasOwn(this.secrets, params.source) ? this.secrets[params.source] : undefined;
    const headers = { signature: request.header(WEBHOOK_SIGNATURE_HEADER), timestamp: request.header(WEBHOOK_TIMESTAMP_HEADER) };
    const check = secret && request.rawBody ? checkWebhookSignature(request.rawBody, headers, secret, this.clock.now()) : 'mismatch';
    if (check !== 'valid') {
      // Never the payload, the signature or the secret: only who was refused and why.
      this.logger.warn(`webhook ${params.source}: refused (${secret ? `signature ${check}` : 'no secret configured for this source'}), correlation ${meta.correlationId}`);
      throw new ProblemError({ type: problemType('invalid-signature'), title: 'Signature refused', status: 401, detail:
          check === 'outside-tolerance'
            ? `the ${WEBHOOK_TIMESTAMP_HEADER} lies more than ${DEFAULT_WEBHOOK_TOLERANCE_SECONDS} seconds from now: sign each delivery when it is sent`
            : `send ${WEBHOOK_TIMESTAMP_HEADER}: <Unix seconds> and ${WEBHOOK_SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of "<timestamp>.<body>" with this source's secret>`,
      });
    }
    const rows = dataPointBatchSchema.safeParse(request.body);
    if (!rows.success) throw validationProblem(rows.error.issues.map((issue) => ({ field: ['body', ...issue.path].join('.'), reason: issue.message })));
    const system = `webhook:${params.source}`;
    const results = await this.intake.accept(rows.data.map((row) => candidateFromRow(row, { system, orderRequired: true })), { actor: `integration:${system}`, correlationId: meta.correlationId, causationId: meta.requestId }, system);
    return rowResultsOf(results);
  }
}
