import { Inject, Injectable } from '@nestjs/common';
import { FieldError } from '@okr/service-kit';
import { ingestionMetrics } from '../infrastructure/ingestion-metrics';
import { ContributionChange } from './contribution';
import { Candidate } from './data-point-row';
import { ChangeOrigin, DATA_POINT_LEDGER, DataPointLedger } from './data-point-ledger.port';
import { INGESTION_DATABASE, IngestionDatabase } from './ingestion-database.port';
import { METRIC_CATALOG, MetricCatalog } from './metric-catalog.port';
import { UnstorableDataError } from './unstorable-data.error';

export type RowResult =
  | { status: 'accepted'; dataPointIds: string[] }
  | { status: 'unchanged'; superseded?: boolean }
  | { status: 'rejected'; errors: FieldError[] };

/**
 * Where rows of every generic source (batch API, CSV file, webhook) go: the good ones are
 * recorded in one transaction even when others are bad, and each row learns what became of it.
 */
@Injectable()
export class DataPointIntake {
  constructor(
    @Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase,
    @Inject(DATA_POINT_LEDGER) private readonly ledger: DataPointLedger,
    @Inject(METRIC_CATALOG) private readonly metrics: MetricCatalog,
  ) {}

  /** `source` labels the counters (api, csv, webhook:<name>). */
  async accept(candidates: Candidate[], origin: ChangeOrigin, source: string): Promise<RowResult[]> {
    const results: RowResult[] = candidates.map((candidate) => ('errors' in candidate ? { status: 'rejected', errors: candidate.errors } : { status: 'unchanged' }));
    const wanted = [...new Set(candidates.flatMap((candidate) => ('change' in candidate ? [candidate.change.metric] : [])))];
    const defined = wanted.length ? await this.metrics.defined(wanted) : new Set<string>();
    const toRecord: number[] = [];
    candidates.forEach((candidate, index) => {
      if (!('change' in candidate)) return;
      if (defined.has(candidate.change.metric)) toRecord.push(index);
      else results[index] = { status: 'rejected', errors: [{ field: 'metric', reason: `unknown metric "${candidate.change.metric}": define it first (PUT /metric-definitions/{key})` }] };
    });
    if (toRecord.length > 0) {
      const changes = toRecord.map((index) => (candidates[index] as { change: ContributionChange }).change);
      const outcomes = await this.recordIsolatingRefusals(changes, origin);
      outcomes.forEach((outcome, i) => (results[toRecord[i]] = outcome));
    }
    for (const outcome of ['accepted', 'unchanged', 'rejected'] as const) {
      const count = results.filter((result) => result.status === outcome).length;
      if (count) ingestionMetrics.dataPoints.inc({ source, outcome }, count);
    }
    return results;
  }

  /**
   * Records the changes in one transaction; when the database refuses a value, halves the batch
   * until the refused rows stand alone, so they are rejected and every other row is committed, once.
   */
  private async recordIsolatingRefusals(changes: ContributionChange[], origin: ChangeOrigin): Promise<RowResult[]> {
    try {
      return await this.db.transaction((tx) => this.ledger.record(tx, changes, origin));
    } catch (error) {
      if (!(error instanceof UnstorableDataError)) throw error;
      if (changes.length === 1) return [{ status: 'rejected', errors: [{ field: '(row)', reason: error.message }] }];
      const half = Math.ceil(changes.length / 2);
      return [...(await this.recordIsolatingRefusals(changes.slice(0, half), origin)), ...(await this.recordIsolatingRefusals(changes.slice(half), origin))];
    }
  }
}
