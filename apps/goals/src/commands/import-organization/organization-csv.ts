import { OrganizationImportRow } from '@okr/goals-domain';
import { requestValueViolations, validationProblem } from '@okr/service-kit';
import { parse } from 'csv-parse/sync';

export const ORGANIZATION_CSV_COLUMNS = ['type', 'id', 'name', 'kind', 'parent_id', 'email', 'unit_id', 'lead'] as const;

const YES = ['yes', 'true', '1', 'y'];

/** A line refused before planning, for a value no field may hold (a NUL, an endless text). */
export interface UnreadableOrganizationLine {
  line: number;
  field: string;
  reason: string;
}

/**
 * Reads an organisation file: a header row with the columns above (any order), then one unit or
 * person per line. A line with a value no request may hold is that line's error, not the file's.
 */
export function parseOrganizationCsv(text: string): { rows: OrganizationImportRow[]; unreadable: UnreadableOrganizationLine[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw validationProblem([{ field: 'body', reason: `not a readable CSV file: ${(error as Error).message}` }]);
  }
  const header = records.length ? Object.keys(records[0]) : [];
  const missing = ['type', 'id', 'name'].filter((column) => !header.includes(column));
  if (!records.length) throw validationProblem([{ field: 'body', reason: `the file has no rows; expected columns ${ORGANIZATION_CSV_COLUMNS.join(',')}` }]);
  if (missing.length) throw validationProblem(missing.map((column) => ({ field: `body.${column}`, reason: 'missing column' })));
  const rows: OrganizationImportRow[] = [];
  const unreadable: UnreadableOrganizationLine[] = [];
  records.forEach((record, index) => {
    const line = index + 2; // the header is line 1
    const violations = requestValueViolations(record, '');
    if (violations.length) unreadable.push(...violations.map((violation) => ({ line, ...violation })));
    else rows.push(organizationRow(record, line));
  });
  return { rows, unreadable };
}

function organizationRow(record: Record<string, string>, line: number): OrganizationImportRow {
  return {
    line,
    type: record.type,
    id: record.id,
    name: record.name ?? '',
    kind: record.kind || undefined,
    parentId: record.parent_id || undefined,
    email: record.email || undefined,
    unitId: record.unit_id || undefined,
    lead: YES.includes((record.lead ?? '').toLowerCase()),
  };
}
