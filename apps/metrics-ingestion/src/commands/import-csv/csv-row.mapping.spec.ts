import { candidateFromCsvRecord, missingCsvColumns } from './csv-row.mapping';

const record = (overrides: Record<string, string> = {}) => ({
  metric: 'sales.closed_won_amount',
  subject_type: 'person',
  subject_id: 'ada',
  value: '1250.50',
  occurred_at: '2027-03-30T10:00:00+02:00',
  record_id: 'row-17',
  ...overrides,
});

describe('mapping a CSV record to a data point', () => {
  it('reads every column, numbers as numbers, instants in UTC, upsert when operation is left out', () => {
    expect(candidateFromCsvRecord(record(), 'csv')).toEqual({
      change: {
        metric: 'sales.closed_won_amount',
        subject: { type: 'person', id: 'ada' },
        operation: 'upsert',
        value: 1250.5,
        occurredAt: '2027-03-30T08:00:00.000Z',
        source: { system: 'csv', recordId: 'row-17' },
      },
    });
  });

  it('takes a retraction without a value', () => {
    expect(candidateFromCsvRecord(record({ value: '', operation: 'retract' }), 'csv')).toMatchObject({ change: { operation: 'retract', source: { recordId: 'row-17' } } });
  });

  it('names the column at fault', () => {
    expect(candidateFromCsvRecord(record({ value: '12,5' }), 'csv')).toEqual({ errors: [{ field: 'value', reason: 'must be a number, e.g. 1250.50 (got "12,5")' }] });
    expect(candidateFromCsvRecord(record({ occurred_at: '30/03/2027' }), 'csv')).toEqual({ errors: [{ field: 'occurred_at', reason: expect.stringContaining('ISO 8601') }] });
    expect(candidateFromCsvRecord(record({ subject_type: 'team', record_id: '' }), 'csv')).toEqual({
      errors: [
        { field: 'subject_type', reason: expect.any(String) },
        { field: 'record_id', reason: expect.any(String) },
      ],
    });
    expect(candidateFromCsvRecord(record({ value: '' }), 'csv')).toEqual({ errors: [{ field: 'value', reason: 'required for an upsert' }] });
  });

  it('lists the required columns a header lacks', () => {
    expect(missingCsvColumns(['metric', 'subject_type', 'subject_id', 'value', 'occurred_at', 'record_id'])).toEqual([]);
    expect(missingCsvColumns(['metric', 'subject', 'value'])).toEqual(['subject_type', 'subject_id', 'occurred_at', 'record_id']);
  });
});
