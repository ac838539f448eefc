import { Inject, Injectable } from '@nestjs/common';
import { insertRows, SqlQuery } from '@okr/event-store';
import { INGESTION_DATABASE, IngestionDatabase } from '../application/ingestion-database.port';
import { OpportunityState } from '../salesforce/opportunity-state';
import { ChangeDelivery, deliveryKey, ReconciliationItem, SalesforceRecords, StoredOpportunity } from '../salesforce/salesforce-records.port';

const CHUNK = 1000;

interface OpportunityRow {
  id: string;
  fields: OpportunityState['fields'];
  deleted: boolean;
  held_for: string | null;
}

@Injectable()
export class SqlSalesforceRecords implements SalesforceRecords {
  constructor(@Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase) {}

  async firstDeliveries(tx: SqlQuery, deliveries: ChangeDelivery[]): Promise<Set<string>> {
    const fresh = new Set<string>();
    for (let start = 0; start < deliveries.length; start += CHUNK) {
      const params: unknown[] = [];
      const values = deliveries.slice(start, start + CHUNK).map((delivery) => {
        params.push(delivery.transactionKey, delivery.sequenceNumber, delivery.recordId);
        return `($${params.length - 2}, $${params.length - 1}::integer, $${params.length}, now())`;
      });
      const inserted = await tx.query<{ transaction_key: string; sequence_number: number; record_id: string }>(
        `insert into ${this.db.table('salesforce_changes')} (transaction_key, sequence_number, record_id, received_at) values ${values.join(', ')}
         on conflict do nothing returning transaction_key, sequence_number, record_id`,
        params,
      );
      for (const row of inserted) fresh.add(deliveryKey({ transactionKey: row.transaction_key, sequenceNumber: row.sequence_number, recordId: row.record_id }));
    }
    return fresh;
  }

  async opportunities(tx: SqlQuery, ids: string[]): Promise<Map<string, OpportunityState>> {
    const rows = await tx.query<OpportunityRow>(`select id, fields, deleted from ${this.db.table('salesforce_opportunities')} where id = any($1::text[]) for update`, [ids]);
    return new Map(rows.map((row) => [row.id, { fields: row.fields, deleted: row.deleted }]));
  }

  async opportunitiesOwnedBy(tx: SqlQuery, ownerId: string): Promise<StoredOpportunity[]> {
    const rows = await tx.query<OpportunityRow>(
      `select id, fields, deleted, held_for from ${this.db.table('salesforce_opportunities')} where fields->>'OwnerId' = $1 order by id for update`,
      [ownerId],
    );
    return rows.map((row) => ({ id: row.id, state: { fields: row.fields, deleted: row.deleted }, ...(row.held_for ? { heldFor: row.held_for } : {}) }));
  }

  async saveOpportunities(tx: SqlQuery, opportunities: StoredOpportunity[], at: string): Promise<void> {
    await insertRows(
      tx,
      this.db.table('salesforce_opportunities'),
      ['id', 'fields::jsonb', 'deleted::boolean', 'held_for', 'updated_at::timestamptz'],
      opportunities.map((opportunity) => [opportunity.id, JSON.stringify(opportunity.state.fields), opportunity.state.deleted, opportunity.heldFor ?? null, at]),
      'on conflict (id) do update set fields = excluded.fields, deleted = excluded.deleted, held_for = excluded.held_for, updated_at = excluded.updated_at',
    );
  }

  async people(tx: SqlQuery, ownerIds: string[]): Promise<Map<string, string>> {
    const rows = await tx.query<{ owner_id: string; person_id: string }>(`select owner_id, person_id from ${this.db.table('salesforce_owners')} where owner_id = any($1::text[])`, [ownerIds]);
    return new Map(rows.map((row) => [row.owner_id, row.person_id]));
  }

  async mapOwner(tx: SqlQuery, mapping: { ownerId: string; personId: string; by: string; at: string }): Promise<void> {
    await tx.query(
      `insert into ${this.db.table('salesforce_owners')} (owner_id, person_id, mapped_at, mapped_by) values ($1, $2, $3, $4)
       on conflict (owner_id) do update set person_id = excluded.person_id, mapped_at = excluded.mapped_at, mapped_by = excluded.mapped_by`,
      [mapping.ownerId, mapping.personId, mapping.at, mapping.by],
    );
  }

  async recordReconciliation(tx: SqlQuery, item: Omit<ReconciliationItem, 'id'>): Promise<number> {
    const [row] = await tx.query<{ id: string | number }>(
      `insert into ${this.db.table('reconciliation_items')} (kind, entity, change_type, record_ids, transaction_key, commit_timestamp, repair, recorded_at)
       values ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) returning id`,
      [item.kind, item.entity, item.changeType, JSON.stringify(item.recordIds), item.transactionKey, item.commitTimestamp, item.repair, item.recordedAt],
    );
    return Number(row.id);
  }

  async reconciliationItems(): Promise<ReconciliationItem[]> {
    const rows = await this.db.query<{
      id: string | number;
      kind: ReconciliationItem['kind'];
      entity: string;
      change_type: ReconciliationItem['changeType'];
      record_ids: string[];
      transaction_key: string;
      commit_timestamp: string;
      repair: string;
      recorded_at: Date | string;
    }>(`select * from ${this.db.table('reconciliation_items')} order by id`);
    return rows.map((row) => ({
      id: Number(row.id),
      kind: row.kind,
      changeType: row.change_type,
      entity: row.entity,
      recordIds: row.record_ids,
      transactionKey: row.transaction_key,
      commitTimestamp: row.commit_timestamp,
      repair: row.repair,
      recordedAt: new Date(row.recorded_at).toISOString(),
    }));
  }

  async heldDeals(): Promise<{ opportunityId: string; ownerId: string }[]> {
    const rows = await this.db.query<{ id: string; held_for: string }>(`select id, held_for from ${this.db.table('salesforce_opportunities')} where held_for is not null order by id`);
    return rows.map((row) => ({ opportunityId: row.id, ownerId: row.held_for }));
  }
}
