import { Inject, Injectable } from '@nestjs/common';
import { INGESTION_DATABASE, IngestionDatabase } from '../application/ingestion-database.port';
import { SourceDefinition, SourceRegistry } from '../application/source-registry.port';

@Injectable()
export class SqlSourceRegistry implements SourceRegistry {
  constructor(@Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase) {}

  async define(source: SourceDefinition, by: string): Promise<void> {
    await this.db.query(
      `insert into ${this.db.table('sources')} (id, kind, name, description, defined_at, defined_by) values ($1, $2, $3, $4, now(), $5)
       on conflict (id) do update set kind = excluded.kind, name = excluded.name, description = excluded.description, defined_at = excluded.defined_at, defined_by = excluded.defined_by`,
      [source.id, source.kind, source.name, source.description ?? null, by],
    );
  }

  async list(): Promise<SourceDefinition[]> {
    const rows = await this.db.query<{ id: string; kind: SourceDefinition['kind']; name: string; description: string | null }>(
      `select id, kind, name, description from ${this.db.table('sources')} order by id`,
    );
    return rows.map((row) => ({ id: row.id, kind: row.kind, name: row.name, ...(row.description === null ? {} : { description: row.description }) }));
  }
}
