import { openSqlDatabase, SqlClient, verifyChain } from '@okr/event-store';
import { describeWithDependency, ledgerEntry, metricLedgerReaderContract, POSTGRES } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { NewLedgerEntry } from './ledger-entry';
import { eventOfRow, messageOfRow } from './ledger-row';
import { metricLedgerSchema } from './metric-ledger-schema';
import { SqlMetricLedgerReader } from './sql-metric-ledger.reader';
import { SqlMetricLedgerWriter } from './sql-metric-ledger.writer';

type SqlLedger = Awaited<ReturnType<typeof sqlLedger>>;

/** The ledger in `schema` of `sql`, appended to as ingestion does: heads read, then the append, in one transaction. */
async function sqlLedger(sql: SqlClient, schema: string, close: () => Promise<void>) {
  await sql.query(metricLedgerSchema(schema));
  const writer = new SqlMetricLedgerWriter(schema);
  const reader = new SqlMetricLedgerReader(sql, schema);
  const append = (entries: NewLedgerEntry[], now: Date) =>
    sql.transaction(async (tx) => writer.append(tx, entries, await writer.heads(tx, [...new Set(entries.map((entry) => entry.sourceRecordKey))]), now));
  return { reader, writer, append, sql, schema, close };
}

const embedded = async () => {
  const sql = await openSqlDatabase({ kind: 'embedded', dataDir: 'memory://' });
  return sqlLedger(sql, 'ingestion', () => sql.close());
};

/** What the SQL writer promises beyond what the reader contract sees. */
function sqlLedgerWriterSpecification(name: string, open: () => Promise<SqlLedger>): void {
  describe(`the SQL metric ledger writer on ${name}`, () => {
    let ledger: SqlLedger;
    beforeAll(async () => (ledger = await open()));
    afterAll(() => ledger?.close());
    const now = new Date('2027-03-01T09:00:00.000Z');
    const key = (record: string) => `crm:${record}:sales.closed_won_amount`;

    it('reads each record’s head: its latest version, with the hash the next one chains to', async () => {
      const before = await ledger.reader.head();
      await ledger.append([ledgerEntry('h-1', 1), ledgerEntry('h-2', 1, { operation: 'retract', value: undefined })], now);
      await ledger.append([ledgerEntry('h-1', 2, { value: 7.25, subject: { type: 'unit', id: 'emea' } })], now);
      const heads = await ledger.sql.transaction((tx) => ledger.writer.heads(tx, [key('h-1'), key('h-2'), key('none')]));
      const rows = await ledger.reader.readRowsAfter(before, 10);
      expect(Object.fromEntries(heads)).toEqual({
        [key('h-1')]: { sourceRecordKey: key('h-1'), subject: { type: 'unit', id: 'emea' }, operation: 'upsert', value: 7.25, occurredAt: '2027-02-15T00:00:00.000Z', recordVersion: 2, hash: rows[2].hash },
        [key('h-2')]: { sourceRecordKey: key('h-2'), subject: { type: 'person', id: 'ada' }, operation: 'retract', occurredAt: '2027-02-15T00:00:00.000Z', recordVersion: 1, hash: rows[1].hash },
      });
    });

    it('refuses versions that do not follow the head, taking no position', async () => {
      const head = await ledger.reader.head();
      await expect(ledger.append([ledgerEntry('g-1', 2)], now)).rejects.toThrow(`${key('g-1')}: version 2 does not follow version 0`);
      await expect(ledger.append([ledgerEntry('g-2', 1), ledgerEntry('g-2', 3)], now)).rejects.toThrow('version 3 does not follow version 1');
      expect(await ledger.reader.head()).toBe(head);
    });

    it('lets the second of two writers that decided on the same head fail, and gives its positions back', async () => {
      const before = await ledger.reader.head();
      await ledger.append([ledgerEntry('s-1', 1)], now);
      // Decided on a head read before the first version committed: the unique (record, version) index refuses it.
      const stale = ledger.sql.transaction((tx) => ledger.writer.append(tx, [ledgerEntry('s-2', 1), ledgerEntry('s-1', 1)], new Map(), now));
      await expect(stale).rejects.toMatchObject({ code: '23505' });
      await ledger.append([ledgerEntry('s-1', 2)], now);
      expect((await ledger.reader.readAfter(before, 10)).map((fact) => [fact.position, fact.sourceRecordKey, fact.recordVersion])).toEqual([
        [before + 1, key('s-1'), 1],
        [before + 2, key('s-1'), 2],
      ]);
    });

    it('chains each record’s versions by hash, over the message as published: verifyChain holds, and finds a changed row', async () => {
      const before = await ledger.reader.head();
      await ledger.append([ledgerEntry('c-1', 1, { source: { system: 'crm', recordId: 'c-1', changeId: 'tx/1' } }), ledgerEntry('c-2', 1)], now);
      await ledger.append([ledgerEntry('c-1', 2), ledgerEntry('c-1', 3, { operation: 'retract', value: undefined })], new Date(now.getTime() + 1));
      const chain = async () => (await ledger.reader.readRowsAfter(before, 10)).map(eventOfRow).filter((event) => event.streamId === key('c-1'));
      expect((await chain()).map((event) => [event.streamVersion, event.globalPosition, event.data.position])).toEqual([
        [1, before + 1, before + 1],
        [2, before + 3, before + 3],
        [3, before + 4, before + 4],
      ]);
      expect(verifyChain(await chain())).toEqual({ ok: true, verified: 3 });

      await ledger.sql.query(`update ${ledger.schema}.data_points set value = 1e9 where source_record_key = $1 and record_version = 2`, [key('c-1')]);
      expect(verifyChain(await chain())).toMatchObject({ ok: false, verified: 1, brokenAt: { streamVersion: 2, reason: 'hash-mismatch' } });
    });

    it('rebuilds from a row the message it published, to the field', async () => {
      const before = await ledger.reader.head();
      const sourceRecordKey = 'webhook:billing:m-1:sales.closed_won_amount';
      await ledger.append([ledgerEntry('m-1', 1, { value: 0.1 + 0.2, occurredAt: '2027-02-15T10:11:12.345Z', source: { system: 'webhook:billing', recordId: 'm-1', changeId: 'inv-9' }, sourceRecordKey })], new Date('2027-03-01T10:00:00.000Z'));
      const [row] = await ledger.reader.readRowsAfter(before, 1);
      expect(messageOfRow(row)).toEqual({
        dataPointId: `${sourceRecordKey}@1`,
        metric: 'sales.closed_won_amount',
        subject: { type: 'person', id: 'ada' },
        operation: 'upsert',
        value: 0.30000000000000004,
        occurredAt: '2027-02-15T10:11:12.345Z',
        receivedAt: '2027-03-01T10:00:00.000Z',
        source: { system: 'webhook:billing', recordId: 'm-1', changeId: 'inv-9' },
        sourceRecordKey,
        recordVersion: 1,
        actor: 'integration:webhook:billing',
        correlationId: 'batch-1',
        position: before + 1,
      });
    });
  });
}

metricLedgerReaderContract('SQL on embedded PGlite', embedded);
sqlLedgerWriterSpecification('embedded PGlite', embedded);

describeWithDependency('the metric ledger on PostgreSQL', POSTGRES, (url) => {
  // Each suite in a schema of its own, dropped afterwards.
  const onPostgres = async () => {
    const schema = `ledger_test_${randomBytes(4).toString('hex')}`;
    const sql = await openSqlDatabase({ kind: 'postgres', url });
    return sqlLedger(sql, schema, async () => {
      await sql.query(`drop schema if exists ${schema} cascade`);
      await sql.close();
    });
  };
  metricLedgerReaderContract('SQL on PostgreSQL', onPostgres);
  sqlLedgerWriterSpecification('PostgreSQL', onPostgres);
});

describe('the metric ledger schema', () => {
  it('refuses to open over the layout from before dense positions, saying what to do', async () => {
    const sql = await openSqlDatabase({ kind: 'embedded', dataDir: 'memory://' });
    try {
      await sql.query('create schema old; create table old.data_points (position bigint generated always as identity primary key, transaction_id xid8 not null default pg_current_xact_id())');
      await expect(sql.query(metricLedgerSchema('old'))).rejects.toThrow('old.data_points has the layout from before the metric ledger had dense positions');
    } finally {
      await sql.close();
    }
  });
});
