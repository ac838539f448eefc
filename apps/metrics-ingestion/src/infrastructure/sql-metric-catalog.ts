import { Inject, Injectable } from '@nestjs/common';
import { INGESTION_DATABASE, IngestionDatabase } from '../application/ingestion-database.port';
import { MetricCatalog, MetricDefinition } from '../application/metric-catalog.port';

@Injectable()
export class SqlMetricCatalog implements MetricCatalog {
  constructor(@Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase) {}

  async define(metric: MetricDefinition, by: string): Promise<void> {
    await this.db.query(
      `insert into ${this.db.table('metrics')} (key, name, unit, description, defined_at, defined_by) values ($1, $2, $3, $4, now(), $5)
       on conflict (key) do update set name = excluded.name, unit = excluded.unit, description = excluded.description, defined_at = excluded.defined_at, defined_by = excluded.defined_by`,
      [metric.key, metric.name, metric.unit, metric.description ?? null, by],
    );
  }

  async list(): Promise<MetricDefinition[]> {
    const rows = await this.db.query<{ key: string; name: string; unit: string; description: string | null }>(
      `select key, name, unit, description from ${this.db.table('metrics')} order by key`,
    );
    return rows.map((row) => ({ key: row.key, name: row.name, unit: row.unit, ...(row.description === null ? {} : { description: row.description }) }));
  }

  async defined(keys: string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ key: string }>(`select key from ${this.db.table('metrics')} where key = any($1::text[])`, [keys]);
    return new Set(rows.map((row) => row.key));
  }
}
