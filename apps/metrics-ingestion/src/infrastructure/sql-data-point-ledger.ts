import { Inject, Injectable } from '@nestjs/common';
import { NewLedgerEntry, SqlMetricLedgerWriter } from '@okr/metric-ledger';
import { CLOCK, Clock } from '@okr/service-kit';
import { ContributionChange, CurrentContribution, dataPointIdOf, sourceRecordKeyOf } from '../application/contribution';
import { decideContribution } from '../application/contribution.decision';
import { ChangeOrigin, ChangeOutcome, DataPointLedger } from '../application/data-point-ledger.port';
import { INGESTION_DATABASE, IngestionDatabase, IngestionTransaction } from '../application/ingestion-database.port';

/**
 * Decides each change on its record's head (its latest version in the metric ledger) and appends
 * what is new: two statements to read, one to take positions, one to insert, whatever the batch.
 */
@Injectable()
export class SqlDataPointLedger implements DataPointLedger {
  private readonly writer: SqlMetricLedgerWriter;

  constructor(
    @Inject(INGESTION_DATABASE) db: IngestionDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.writer = new SqlMetricLedgerWriter(db.schema);
  }

  async record(tx: IngestionTransaction, changes: ContributionChange[], origin: ChangeOrigin): Promise<ChangeOutcome[]> {
    if (changes.length === 0) return [];
    // A retry, after another writer appended a record's next version first, decides holding the
    // ledger's lock, so it cannot lose again. Here, after the caller's own row locks (an
    // opportunity's): every transaction takes the ledger's last, so none waits in a cycle.
    if (tx.attempt > 1) await this.writer.takeTurn(tx);
    const heads = await this.writer.heads(tx, [...new Set(changes.map(sourceRecordKeyOf))]);
    // A record may change more than once in a batch: each change is decided on the one before.
    const current = new Map<string, CurrentContribution>(heads);
    const entries: NewLedgerEntry[] = [];
    const outcomes = changes.map((change): ChangeOutcome => {
      const sourceRecordKey = sourceRecordKeyOf(change);
      const decision = decideContribution(current.get(sourceRecordKey), change);
      if (decision.outcome === 'unchanged') return { status: 'unchanged' };
      for (const draft of decision.dataPoints) {
        entries.push({ sourceRecordKey, metric: change.metric, source: change.source, ...draft, actor: origin.actor, correlationId: origin.correlationId, causationId: origin.causationId });
        current.set(sourceRecordKey, { sourceRecordKey, ...draft });
      }
      return { status: 'accepted', dataPointIds: decision.dataPoints.map((draft) => dataPointIdOf(sourceRecordKey, draft.recordVersion)) };
    });
    await this.writer.append(tx, entries, heads, this.clock.now());
    return outcomes;
  }
}
