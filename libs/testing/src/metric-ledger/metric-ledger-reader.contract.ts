import { MetricLedgerReader, NewLedgerEntry } from '@okr/metric-ledger';
import { randomUUID } from 'node:crypto';

export interface MetricLedgerUnderTest {
  reader: MetricLedgerReader;
  /** Appends in one transaction as the ledger's writer does (versions continuing each record's head); `now` is the writer's clock. */
  append(entries: NewLedgerEntry[], now: Date): Promise<unknown>;
  close(): Promise<void>;
}

const T0 = Date.parse('2027-03-01T09:00:00.000Z');

/** A version of a record of its own: `record` names it within the test. */
export function ledgerEntry(record: string, recordVersion: number, overrides: Partial<NewLedgerEntry> = {}): NewLedgerEntry {
  const source = { system: 'crm', recordId: record };
  return {
    sourceRecordKey: `crm:${record}:sales.closed_won_amount`,
    recordVersion,
    metric: 'sales.closed_won_amount',
    subject: { type: 'person', id: 'ada' },
    operation: 'upsert',
    value: 1000 * recordVersion,
    occurredAt: '2027-02-15T00:00:00.000Z',
    source,
    actor: 'integration:crm',
    correlationId: 'batch-1',
    causationId: 'request-1',
    ...overrides,
  };
}

const uniqueRecord = () => `r-${randomUUID().slice(0, 8)}`;

/**
 * What every metric ledger reader must do, on the ledger its adapter reads. One ledger serves the
 * suite (opening PGlite costs seconds), so each test looks at what it appended after the head it
 * found.
 */
export function metricLedgerReaderContract(name: string, open: () => Promise<MetricLedgerUnderTest>): void {
  describe(`metric ledger reader contract: ${name}`, () => {
    let ledger: MetricLedgerUnderTest;
    let reader: MetricLedgerReader;
    let atOpen: { head: number; facts: unknown[] };

    beforeAll(async () => {
      ledger = await open();
      reader = ledger.reader;
      atOpen = { head: await reader.head(), facts: await reader.readAfter(0, 10) };
    });
    afterAll(() => ledger?.close());

    it('has nothing in a new ledger: head 0, nothing to read', () => {
      expect(atOpen).toEqual({ head: 0, facts: [] });
    });

    it('reads facts back in position order, exactly as appended, instants in epoch milliseconds', async () => {
      const before = await reader.head();
      const [won, moved] = [uniqueRecord(), uniqueRecord()];
      await ledger.append(
        [
          ledgerEntry(won, 1, { value: 30000.5, source: { system: 'crm', recordId: won, changeId: 'cdc-1/1' } }),
          ledgerEntry(moved, 1, { subject: { type: 'unit', id: 'emea' }, value: -5 }),
          ledgerEntry(won, 2, { operation: 'retract', value: undefined, occurredAt: '2027-03-01T08:00:00.000Z', source: { system: 'crm', recordId: won, changeId: 'cdc-1/2' } }),
        ],
        new Date(T0),
      );

      const facts = await reader.readAfter(before, 10);
      expect(facts).toEqual([
        { position: before + 1, metric: 'sales.closed_won_amount', subject: { type: 'person', id: 'ada' }, sourceRecordKey: `crm:${won}:sales.closed_won_amount`, source: { system: 'crm', recordId: won }, recordVersion: 1, operation: 'upsert', value: 30000.5, occurredAt: Date.parse('2027-02-15T00:00:00.000Z'), recordedAt: T0 },
        { position: before + 2, metric: 'sales.closed_won_amount', subject: { type: 'unit', id: 'emea' }, sourceRecordKey: `crm:${moved}:sales.closed_won_amount`, source: { system: 'crm', recordId: moved }, recordVersion: 1, operation: 'upsert', value: -5, occurredAt: Date.parse('2027-02-15T00:00:00.000Z'), recordedAt: T0 },
        { position: before + 3, metric: 'sales.closed_won_amount', subject: { type: 'person', id: 'ada' }, sourceRecordKey: `crm:${won}:sales.closed_won_amount`, source: { system: 'crm', recordId: won }, recordVersion: 2, operation: 'retract', occurredAt: Date.parse('2027-03-01T08:00:00.000Z'), recordedAt: T0 },
      ]);
      expect('value' in facts[2]).toBe(false);
    });

    it('reads after a position, at most `limit` facts: pages join into the whole ledger', async () => {
      const before = await reader.head();
      await ledger.append(Array.from({ length: 25 }, () => ledgerEntry(uniqueRecord(), 1)), new Date(T0 + 1_000));

      const pages: number[][] = [];
      for (let after = before; ; ) {
        const page = await reader.readAfter(after, 7);
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(7);
        pages.push(page.map((fact) => fact.position));
        after = page[page.length - 1].position;
      }
      expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 4]);
      expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => before + 1 + i));
    });

    it('has as head the highest committed position, after which there is nothing', async () => {
      const before = await reader.head();
      await ledger.append([ledgerEntry(uniqueRecord(), 1), ledgerEntry(uniqueRecord(), 1)], new Date(T0 + 2_000));
      expect(await reader.head()).toBe(before + 2);
      expect(await reader.readAfter(before + 2, 10)).toEqual([]);
    });

    it('never lets transaction time go back: a clock behind the last recorded instant records that instant', async () => {
      const before = await reader.head();
      const late = T0 + 3_600_000;
      await ledger.append([ledgerEntry(uniqueRecord(), 1)], new Date(late));
      await ledger.append([ledgerEntry(uniqueRecord(), 1)], new Date(late - 60_000));
      await ledger.append([ledgerEntry(uniqueRecord(), 1)], new Date(late + 5));
      expect((await reader.readAfter(before, 10)).map((fact) => fact.recordedAt)).toEqual([late, late, late + 5]);
    });

    it('gives concurrent appenders dense positions in commit order, transaction time never decreasing', async () => {
      const before = await reader.head();
      const appenders = 6;
      const batches = 5;
      const records = Array.from({ length: appenders }, () => Array.from({ length: 20 }, uniqueRecord));
      // Each appender's clock wanders back and forth around T1: transaction time must not.
      const T1 = T0 + 86_400_000;
      await Promise.all(
        records.map(async (own, appender) => {
          for (let batch = 1; batch <= batches; batch++) {
            await ledger.append(
              own.map((record) => ledgerEntry(record, batch)),
              new Date(T1 + ((appender * 7 + batch * 13) % 11) * 1_000 - 5_000),
            );
          }
        }),
      );

      const facts = await reader.readAfter(before, 10_000);
      expect(facts.map((fact) => fact.position)).toEqual(Array.from({ length: appenders * batches * 20 }, (_, i) => before + 1 + i));
      for (let i = 1; i < facts.length; i++) expect(facts[i].recordedAt).toBeGreaterThanOrEqual(facts[i - 1].recordedAt);
      const versions = new Map<string, number>();
      for (const fact of facts) {
        // A record's versions come in order: version n+1 at a higher position than version n.
        expect(fact.recordVersion).toBe((versions.get(fact.sourceRecordKey) ?? 0) + 1);
        versions.set(fact.sourceRecordKey, fact.recordVersion);
      }
      expect(await reader.head()).toBe(before + appenders * batches * 20);
    });
  });
}
