import { SqlQuery } from './sql-client';

const ROWS_PER_STATEMENT = 500;

/**
 * Inserts many rows in multi-row statements of at most 500 rows: one round trip per 500 instead of
 * one per row. A column may name its parameter's cast (`data::jsonb`); `clause` follows the values
 * (an on-conflict rule, a returning list). What the statements return, in order.
 */
export async function insertRows<Row = Record<string, unknown>>(tx: SqlQuery, table: string, columns: string[], rows: unknown[][], clause = ''): Promise<Row[]> {
  const names = columns.map((column) => column.split('::')[0]);
  const casts = columns.map((column) => (column.includes('::') ? `::${column.split('::')[1]}` : ''));
  const returned: Row[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const params: unknown[] = [];
    const values = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => {
      const placeholders = row.map((value, i) => `$${params.push(value)}${casts[i]}`);
      return `(${placeholders.join(', ')})`;
    });
    returned.push(...(await tx.query<Row>(`insert into ${table} (${names.join(', ')}) values ${values.join(', ')} ${clause}`, params)));
  }
  return returned;
}
