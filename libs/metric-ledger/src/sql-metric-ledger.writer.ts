import { SqlQuery } from '@okr/event-store';
import { AppendedEntries, NewLedgerEntry, RecordHead } from './ledger-entry';
import { ledgerEntryHash } from './ledger-entry.hash';
import { LedgerRow } from './ledger-row';

/** The columns an append writes. */
const COLUMNS = 'position, source_record_key, record_version, metric, subject_type, subject_id, operation, value, occurred_at, recorded_at, source_system, source_record_id, source_change_id, actor, correlation_id, causation_id, hash, prev_hash';

type HeadTuple = [string, 'person' | 'unit', string, 'upsert' | 'retract', number | null, number, number, string];

/**
 * The ledger's write side, inside the caller's transaction: read the heads of the records a
 * batch touches, decide, append. There is no lock on a head: two writers that decided the same
 * record's next version on the same head both append it, and the unique (record, version) index
 * refuses the second, whose transaction is retried on what the first wrote.
 *
 * The append takes its positions from the counter row as late as it can, right before its
 * insert: the row lock taken there is held until the caller commits, and is what makes positions
 * dense and in commit order. So the caller appends last in its transaction. A transaction retried
 * after losing such a race calls takeTurn() first: it then decides holding that lock, and cannot
 * lose again however many writers keep coming.
 */
export class SqlMetricLedgerWriter {
  constructor(private readonly schema: string) {}

  /**
   * Takes the counter's lock now rather than at the append: every appender in flight commits
   * first, and every later one waits until this transaction ends, so heads read after it are the
   * heads this transaction's append continues. For a retry; the first try appends unlocked.
   */
  async takeTurn(tx: SqlQuery): Promise<void> {
    await tx.query(`select position from ${this.schema}.ledger_counter for update`);
  }

  /** The latest version of each of these records; a record with none is absent (new). */
  async heads(tx: SqlQuery, sourceRecordKeys: readonly string[]): Promise<Map<string, RecordHead>> {
    if (sourceRecordKeys.length === 0) return new Map();
    // One backward probe of the (record, version) index per record; the page as one JSON text.
    const [row] = await tx.query<{ heads: string }>(
      `select coalesce(json_agg(json_build_array(h.source_record_key, h.subject_type, h.subject_id, h.operation, h.value,
                (extract(epoch from h.occurred_at) * 1000)::float8, h.record_version, h.hash)), '[]')::text as heads
       from unnest($1::text[]) as wanted(source_record_key)
       cross join lateral (select * from ${this.schema}.data_points d where d.source_record_key = wanted.source_record_key order by d.record_version desc limit 1) as h`,
      [sourceRecordKeys],
    );
    const heads = new Map<string, RecordHead>();
    for (const [sourceRecordKey, type, id, operation, value, occurredAt, recordVersion, hash] of JSON.parse(row.heads) as HeadTuple[]) {
      const head: RecordHead = { sourceRecordKey, subject: { type, id }, operation, occurredAt: new Date(occurredAt).toISOString(), recordVersion, hash };
      if (value !== null) head.value = value;
      heads.set(sourceRecordKey, head);
    }
    return heads;
  }

  /**
   * Appends entries (a record's in version order) continuing `heads`, the records' latest versions
   * as heads() read them in this transaction. `now` is the clock's instant: the ledger records the
   * later of it and the last transaction time, so transaction time never decreases.
   */
  async append(tx: SqlQuery, entries: readonly NewLedgerEntry[], heads: ReadonlyMap<string, RecordHead>, now: Date): Promise<AppendedEntries | undefined> {
    if (entries.length === 0) return undefined;
    const last = new Map<string, { version: number; hash: string | null }>();
    for (const { sourceRecordKey, recordVersion } of entries) {
      const previous = last.get(sourceRecordKey) ?? { version: heads.get(sourceRecordKey)?.recordVersion ?? 0, hash: heads.get(sourceRecordKey)?.hash ?? null };
      if (recordVersion !== previous.version + 1) throw new Error(`${sourceRecordKey}: version ${recordVersion} does not follow version ${previous.version}`);
      last.set(sourceRecordKey, { version: recordVersion, hash: previous.hash });
    }
    const [place] = await tx.query<{ position: number | string; recorded_at: number }>(
      `update ${this.schema}.ledger_counter set position = position + $1, recorded_at = greatest(recorded_at, $2::timestamptz)
       returning position, (extract(epoch from recorded_at) * 1000)::float8 as recorded_at`,
      [entries.length, now.toISOString()],
    );
    if (!place) throw new Error(`${this.schema}.ledger_counter has no row: create the ledger with metricLedgerSchema first`);
    const firstPosition = Number(place.position) - entries.length + 1;
    const recordedAt = Number(place.recorded_at);
    const chain = new Map([...heads].map(([key, head]) => [key, head.hash]));
    const rows = entries.map((entry, i): LedgerRow => {
      const row: LedgerRow = {
        position: firstPosition + i,
        source_record_key: entry.sourceRecordKey,
        record_version: entry.recordVersion,
        metric: entry.metric,
        subject_type: entry.subject.type,
        subject_id: entry.subject.id,
        operation: entry.operation,
        value: entry.operation === 'upsert' ? entry.value! : null,
        occurred_at: Date.parse(entry.occurredAt),
        recorded_at: recordedAt,
        source_system: entry.source.system,
        source_record_id: entry.source.recordId,
        source_change_id: entry.source.changeId ?? null,
        actor: entry.actor,
        correlation_id: entry.correlationId,
        causation_id: entry.causationId,
        hash: '',
        prev_hash: chain.get(entry.sourceRecordKey) ?? null,
      };
      row.hash = ledgerEntryHash(row);
      chain.set(entry.sourceRecordKey, row.hash);
      return row;
    });
    // One parameter, one statement: the rows as a JSON array. Binding 18 parameters a row (9,000
    // a statement) cost twice as much on PGlite.
    const recordedAtIso = new Date(recordedAt).toISOString();
    await tx.query(
      `insert into ${this.schema}.data_points (${COLUMNS}) select ${COLUMNS} from json_populate_recordset(null::${this.schema}.data_points, $1::json)`,
      [JSON.stringify(rows.map((row) => ({ ...row, occurred_at: new Date(row.occurred_at).toISOString(), recorded_at: recordedAtIso })))],
    );
    return { firstPosition, lastPosition: firstPosition + entries.length - 1, recordedAt: recordedAtIso };
  }
}
