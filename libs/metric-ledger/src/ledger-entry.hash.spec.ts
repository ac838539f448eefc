import { computeEventHash } from '@okr/event-store';
import fc from 'fast-check';
import { ledgerEntryHash } from './ledger-entry.hash';
import { eventOfRow, LedgerRow } from './ledger-row';

const text = fc.string({ unit: 'binary', maxLength: 12 });
const instant = fc.integer({ min: Date.parse('1970-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') });

const row: fc.Arbitrary<LedgerRow> = fc.record({
  position: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  source_record_key: text,
  record_version: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  metric: text,
  subject_type: fc.constantFrom('person' as const, 'unit' as const),
  subject_id: text,
  operation: fc.constantFrom('upsert' as const, 'retract' as const),
  value: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
  occurred_at: instant,
  recorded_at: instant,
  source_system: text,
  source_record_id: text,
  source_change_id: fc.option(text),
  actor: text,
  correlation_id: text,
  causation_id: text,
  hash: fc.constant(''),
  prev_hash: fc.option(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 })),
});

describe('a ledger entry’s hash', () => {
  it('is the event store’s hash of the row read as a recorded event, whatever the row holds', () => {
    fc.assert(
      fc.property(row, (r) => {
        expect(ledgerEntryHash(r)).toBe(computeEventHash(r.prev_hash, eventOfRow(r)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('changes with any field, the position and the previous hash included', () => {
    const base: LedgerRow = {
      position: 7, source_record_key: 'crm:o-1:m.x', record_version: 2, metric: 'm.x', subject_type: 'person', subject_id: 'ada', operation: 'upsert', value: 10,
      occurred_at: 1_800_000_000_000, recorded_at: 1_800_000_100_000, source_system: 'crm', source_record_id: 'o-1', source_change_id: null,
      actor: 'integration:crm', correlation_id: 'c', causation_id: 'r', hash: '', prev_hash: 'a'.repeat(64),
    };
    const changed: Partial<LedgerRow>[] = [{ position: 8 }, { value: 11 }, { value: null }, { recorded_at: 1_800_000_100_001 }, { prev_hash: 'b'.repeat(64) }, { subject_id: 'bob' }, { source_change_id: 'x' }, { causation_id: 'r2' }];
    const hashes = new Set([base, ...changed.map((change) => ({ ...base, ...change }))].map(ledgerEntryHash));
    expect(hashes.size).toBe(changed.length + 1);
  });
});
