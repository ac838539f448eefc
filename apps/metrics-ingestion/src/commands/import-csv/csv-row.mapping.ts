import { Candidate, candidateFromRow } from '../../application/data-point-row';

/**
 * The columns of a data-point file, in the order a template lists them; `operation` may be left out
 * (upsert), and so may the record's order at its source (`source_version` or `source_modified_at`).
 */
export const DATA_POINT_CSV_COLUMNS = ['metric', 'subject_type', 'subject_id', 'value', 'occurred_at', 'record_id', 'operation', 'source_version', 'source_modified_at'] as const;
const OPTIONAL_CSV_COLUMNS: readonly string[] = ['operation', 'source_version', 'source_modified_at'];
export const REQUIRED_CSV_COLUMNS = DATA_POINT_CSV_COLUMNS.filter((column) => !OPTIONAL_CSV_COLUMNS.includes(column));

/** Where each field of a data point comes from in the file, so an error names the column. */
const COLUMN_OF_FIELD: Record<string, string> = {
  metric: 'metric',
  'subject.type': 'subject_type',
  'subject.id': 'subject_id',
  value: 'value',
  occurredAt: 'occurred_at',
  'source.recordId': 'record_id',
  operation: 'operation',
  'source.version': 'source_version',
  'source.modifiedAt': 'source_modified_at',
};

/** The header's missing columns, so a file of the wrong shape fails once instead of once per row. */
export function missingCsvColumns(header: string[]): string[] {
  return REQUIRED_CSV_COLUMNS.filter((column) => !header.includes(column));
}

/** One CSV record (column -> text) as a data point of `system`, or its errors by column. */
export function candidateFromCsvRecord(record: Record<string, string | undefined>, system: string): Candidate {
  const valueText = record.value?.trim() ?? '';
  const value = valueText === '' ? undefined : Number(valueText);
  if (value !== undefined && !Number.isFinite(value)) return { errors: [{ field: 'value', reason: `must be a number, e.g. 1250.50 (got ${JSON.stringify(valueText.slice(0, 40))})` }] };
  const versionText = record.source_version?.trim() ?? '';
  const version = versionText === '' ? undefined : Number(versionText);
  if (version !== undefined && !Number.isSafeInteger(version)) return { errors: [{ field: 'source_version', reason: `must be a whole number (got ${JSON.stringify(versionText.slice(0, 40))})` }] };
  const modifiedAt = record.source_modified_at?.trim() || undefined;
  const candidate = candidateFromRow(
    {
      metric: record.metric?.trim(),
      subject: { type: record.subject_type?.trim(), id: record.subject_id?.trim() },
      ...(value === undefined ? {} : { value }),
      occurredAt: record.occurred_at?.trim(),
      source: { system, recordId: record.record_id?.trim(), ...(version === undefined ? {} : { version }), ...(modifiedAt === undefined ? {} : { modifiedAt }) },
      ...(record.operation?.trim() ? { operation: record.operation.trim() } : {}),
    },
    { system },
  );
  if ('change' in candidate) return candidate;
  return { errors: candidate.errors.map((error) => ({ field: COLUMN_OF_FIELD[error.field] ?? error.field, reason: error.reason })) };
}
