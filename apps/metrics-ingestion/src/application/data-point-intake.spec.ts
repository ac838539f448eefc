import { ContributionChange } from './contribution';
import { DataPointIntake } from './data-point-intake';
import { ChangeOutcome, DataPointLedger } from './data-point-ledger.port';
import { IngestionDatabase } from './ingestion-database.port';
import { MetricCatalog } from './metric-catalog.port';
import { UnstorableDataError } from './unstorable-data.error';

/** A ledger in memory whose database refuses, as PostgreSQL would, any record id containing "poison". */
function refusingLedger() {
  const committed: string[] = [];
  const db = {
    transaction: async <T>(fn: (tx: never) => Promise<T>) => {
      const pending: string[] = [];
      const result = await fn(pending as never);
      if (pending.some((id) => id.includes('poison'))) throw new UnstorableDataError(new Error('invalid byte sequence'));
      committed.push(...pending);
      return result;
    },
  } as unknown as IngestionDatabase;
  const ledger: DataPointLedger = {
    record: async (tx, changes) => {
      (tx as unknown as string[]).push(...changes.map((change) => change.source.recordId));
      return changes.map((): ChangeOutcome => ({ status: 'accepted', dataPointIds: [] }));
    },
  };
  const catalog = { defined: async (keys: string[]) => new Set(keys) } as unknown as MetricCatalog;
  return { intake: new DataPointIntake(db, ledger, catalog), committed };
}

const change = (recordId: string): { change: ContributionChange } => ({
  change: { metric: 'sales.amount', subject: { type: 'person', id: 'ada' }, operation: 'upsert', value: 1, occurredAt: '2027-01-01T00:00:00.000Z', source: { system: 'crm', recordId } },
});

describe('DataPointIntake', () => {
  it('rejects only the rows the database refuses and commits every other row exactly once', async () => {
    const { intake, committed } = refusingLedger();
    const ids = ['a', 'b', 'poison-1', 'c', 'd', 'e', 'poison-2', 'f'];
    const results = await intake.accept(ids.map(change), { actor: 'integration:crm', correlationId: 'c', causationId: 'c' }, 'api');
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'rejected', 'accepted', 'accepted', 'accepted', 'rejected', 'accepted']);
    expect(results[2]).toEqual({ status: 'rejected', errors: [{ field: '(row)', reason: expect.stringContaining('cannot store') }] });
    expect(committed.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('lets any other failure through: an outage is not a bad row', async () => {
    const failing = new DataPointIntake({ transaction: () => Promise.reject(new Error('connection lost')) } as unknown as IngestionDatabase, {} as DataPointLedger, {
      defined: async (keys: string[]) => new Set(keys),
    } as unknown as MetricCatalog);
    await expect(failing.accept([change('a')], { actor: 'x', correlationId: 'c', causationId: 'c' }, 'api')).rejects.toThrow('connection lost');
  });
});
