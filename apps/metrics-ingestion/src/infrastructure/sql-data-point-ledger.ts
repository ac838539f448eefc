import { Inject, Injectable } from '@nestjs/common';
import { insertRows, SqlQuery } from '@okr/event-store';
import { NewLedgerEntry, SqlMetricLedgerWriter } from '@okr/metric-ledger';
import { CLOCK, Clock } from '@okr/service-kit';
import { ContributionChange, CurrentContribution, dataPointIdOf, sourceRecordKeyOf } from '../application/contribution';
import { decideContribution } from '../application/contribution.decision';
import { ChangeOrigin, ChangeOutcome, DataPointLedger } from '../application/data-point-ledger.port';
import { INGESTION_DATABASE, IngestionDatabase, IngestionTransaction } from '../application/ingestion-database.port';
import { compareSourceOrder, SourceOrder } from '../application/source-order';

/**
 * Decides each change on its record's head (its latest version in the metric ledger) and appends
 * what is new: two statements to read, one to take positions, one to insert, whatever the batch.
 * A record whose source says its version (or modification time) keeps the newest one beside the
 * ledger, so an older delivery arriving later never replaces a newer version.
 */
@Injectable()
export class SqlDataPointLedger implements DataPointLedger {
  private readonly writer: SqlMetricLedgerWriter;
  private readonly ordersTable: string;

  constructor(
    @Inject(INGESTION_DATABASE) db: IngestionDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.writer = new SqlMetricLedgerWriter(db.schema);
    this.ordersTable = db.table('source_record_orders');
  }

  async record(tx: IngestionTransaction, changes: ContributionChange[], origin: ChangeOrigin): Promise<ChangeOutcome[]> {
    if (changes.length === 0) return [];
    // A retry, after another writer appended a record's next version first, decides holding the
    // ledger's lock, so it cannot lose again. Here, after the caller's own row locks (an
    // opportunity's): every transaction takes the ledger's last, so none waits in a cycle.
    if (tx.attempt > 1) await this.writer.takeTurn(tx);
    const keys = [...new Set(changes.map(sourceRecordKeyOf))];
    const heads = await this.writer.heads(tx, keys);
    const orders = await this.orders(tx, keys);
    const newOrders = new Map<string, SourceOrder>();
    // A record may change more than once in a batch: each change is decided on the one before.
    const current = new Map<string, CurrentContribution>(heads);
    const entries: NewLedgerEntry[] = [];
    const outcomes = changes.map((change): ChangeOutcome => {
      const sourceRecordKey = sourceRecordKeyOf(change);
      const order = compareSourceOrder(orders.get(sourceRecordKey), change.sourceOrder);
      if (order.verdict === 'refused') return { status: 'rejected', errors: [{ field: order.field, reason: order.reason }] };
      if (order.verdict === 'older') return { status: 'unchanged', superseded: true };
      const decision = decideContribution(current.get(sourceRecordKey), change);
      if (decision.outcome === 'unchanged') return { status: 'unchanged' };
      if (order.verdict === 'same') {
        return { status: 'rejected', errors: [{ field: `source.${change.sourceOrder!.kind}`, reason: 'this version of the record was already recorded with other content: a change needs a later one' }] };
      }
      if (change.sourceOrder) {
        orders.set(sourceRecordKey, change.sourceOrder);
        newOrders.set(sourceRecordKey, change.sourceOrder);
      }
      for (const draft of decision.dataPoints) {
        entries.push({ sourceRecordKey, metric: change.metric, source: change.source, ...draft, actor: origin.actor, correlationId: origin.correlationId, causationId: origin.causationId });
        current.set(sourceRecordKey, { sourceRecordKey, ...draft });
      }
      return { status: 'accepted', dataPointIds: decision.dataPoints.map((draft) => dataPointIdOf(sourceRecordKey, draft.recordVersion)) };
    });
    // Before the append: from there to the commit every other appender waits on the ledger.
    if (newOrders.size) {
      const rows = [...newOrders].map(([key, order]) => [key, order.kind, order.value]);
      await insertRows(tx, this.ordersTable, ['source_record_key', 'kind', 'value'], rows, 'on conflict (source_record_key) do update set kind = excluded.kind, value = excluded.value');
    }
    await this.writer.append(tx, entries, heads, this.clock.now());
    return outcomes;
  }

  private async orders(tx: SqlQuery, keys: string[]): Promise<Map<string, SourceOrder>> {
    const rows = await tx.query<{ source_record_key: string; kind: SourceOrder['kind']; value: number }>(`select source_record_key, kind, value from ${this.ordersTable} where source_record_key = any($1)`, [keys]);
    return new Map(rows.map((row) => [row.source_record_key, { kind: row.kind, value: Number(row.value) }]));
  }
}
