import { metricDataPointMessageSchema } from '@okr/contracts';
import { boundedText, checkedRowByRow, FieldError, idSchema, instantSchema, requestErrorMap, requestValueViolations } from '@okr/service-kit';
import { z } from 'zod';
import { ContributionChange } from './contribution';
import { SourceOrder } from './source-order';
import { SourcesOfCaller } from './source-permissions';

export const metricKeySchema = metricDataPointMessageSchema.shape.metric.max(128, 'must be at most 128 characters').meta({ examples: ['sales.closed_won_amount'] });

export const sourceSystemSchema = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z][a-z0-9_-]*(:[a-z0-9_-]+)?$/, 'must be lower-case letters, digits, _ or -, optionally system:name, e.g. crm or webhook:billing')
  .meta({ examples: ['crm'] });

/** One data point as the batch API and webhooks take it. */
export const dataPointRowSchema = z
  .strictObject({
    metric: metricKeySchema,
    subject: z.strictObject({ type: z.enum(['person', 'unit']), id: idSchema }),
    value: z.number().min(-1e15).max(1e15).optional().describe('required for an upsert, absent for a retraction; between -1e15 and 1e15'),
    occurredAt: instantSchema.describe('when it was true in the world (valid time)'),
    source: z.strictObject({
      system: sourceSystemSchema.optional().describe('the source the record belongs to; an integration token’s own when left out, and only one it may write'),
      recordId: boundedText(255).min(1),
      version: z.number().int().min(0).max(1e15).optional().describe('the record’s version at the source: a lower one never replaces a higher one'),
      modifiedAt: instantSchema.optional().describe('when the source last modified the record: an earlier one never replaces a later one'),
    }),
    operation: z.enum(['upsert', 'retract']).default('upsert'),
  })
  .superRefine((row, ctx) => {
    if (row.operation === 'upsert' && row.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'required for an upsert' });
    if (row.operation === 'retract' && row.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be absent for a retraction' });
    if (row.source.version !== undefined && row.source.modifiedAt !== undefined) ctx.addIssue({ code: 'custom', path: ['source', 'modifiedAt'], message: 'send version or modifiedAt, not both' });
  });

export type DataPointRow = z.infer<typeof dataPointRowSchema>;

/** A row of input: a change to record, or why it cannot be. */
export type Candidate = { change: ContributionChange } | { errors: FieldError[] };

/** Where a row's source comes from, and what it must say. */
export interface RowRules {
  /** Replaces the row's source system: a webhook or a file writes only its own records. */
  system?: string;
  /** The caller's sources: a row naming one it may not write is refused. */
  sources?: SourcesOfCaller;
  /** Refuse a row that says neither its source version nor modifiedAt. */
  orderRequired?: boolean;
}

/** Checks one row against the rules of where it came from. */
export function candidateFromRow(input: unknown, rules: RowRules = {}): Candidate {
  // The limits of every request, applied here to each row alone (the batch is checked row by row).
  const violations = requestValueViolations(input, '');
  if (violations.length) return { errors: violations };
  const parsed = dataPointRowSchema.safeParse(input, { error: requestErrorMap });
  if (!parsed.success) return { errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(row)', reason: issue.message })) };
  const row = parsed.data;
  const system = rules.system ?? row.source.system ?? rules.sources?.defaultSystem;
  if (!system) return { errors: [{ field: 'source.system', reason: 'is required: name the source the record belongs to' }] };
  const refusal = rules.system ? undefined : rules.sources?.refusal(system);
  if (refusal) return { errors: [{ field: 'source.system', reason: refusal }] };
  const sourceOrder = sourceOrderOf(row.source);
  if (rules.orderRequired && !sourceOrder) return { errors: [{ field: 'source.version', reason: 'say the record’s source.version or source.modifiedAt, so that an older delivery never replaces a newer one' }] };
  return {
    change: {
      metric: row.metric,
      subject: row.subject,
      operation: row.operation,
      ...(row.value === undefined ? {} : { value: row.value }),
      occurredAt: new Date(row.occurredAt).toISOString(),
      source: { system, recordId: row.source.recordId },
      ...(sourceOrder ? { sourceOrder } : {}),
    },
  };
}

function sourceOrderOf(source: DataPointRow['source']): SourceOrder | undefined {
  if (source.version !== undefined) return { kind: 'version', value: source.version };
  if (source.modifiedAt !== undefined) return { kind: 'modifiedAt', value: Date.parse(source.modifiedAt) };
  return undefined;
}

/** Rows are checked one by one (a bad row never sinks the batch), so a batch is only required to be an array. */
export const dataPointBatchSchema = checkedRowByRow(
  z
    .array(z.unknown().meta({ description: 'a data point: { metric, subject: { type, id }, value, occurredAt, source: { system, recordId }, operation }' }))
    .min(1, 'send at least one data point')
    .max(10_000, 'at most 10,000 data points per batch'),
);
