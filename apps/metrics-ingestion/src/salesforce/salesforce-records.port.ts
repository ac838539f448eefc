import { SqlQuery } from '@okr/event-store';
import { ChangeEventHeader } from './opportunity-change-event';
import { OpportunityState } from './opportunity-state';

export const SALESFORCE_RECORDS = Symbol('SALESFORCE_RECORDS');

/** One delivery of a change to one record: Salesforce may deliver it again (a replay, a retry). */
export interface ChangeDelivery {
  transactionKey: string;
  sequenceNumber: number;
  recordId: string;
}

export interface StoredOpportunity {
  id: string;
  state: OpportunityState;
  /** The Salesforce user whose closed-won amount waits for a person to map to. */
  heldFor?: string;
}

/** A change Salesforce could not describe (gap) or did not detail (overflow): someone must re-read the records. */
export interface ReconciliationItem {
  id: number;
  kind: 'gap' | 'overflow';
  changeType: ChangeEventHeader['changeType'];
  entity: string;
  recordIds: string[];
  transactionKey: string;
  commitTimestamp: string;
  repair: string;
  recordedAt: string;
}

/** What ingestion keeps of Salesforce: the last known state of each opportunity, owner mappings, what needs reconciling. */
export interface SalesforceRecords {
  /** Marks these deliveries as received and returns the keys (`transactionKey/sequenceNumber/recordId`) of those received for the first time. */
  firstDeliveries(tx: SqlQuery, deliveries: ChangeDelivery[]): Promise<Set<string>>;
  /** The opportunities known among these ids, locked until the transaction ends. */
  opportunities(tx: SqlQuery, ids: string[]): Promise<Map<string, OpportunityState>>;
  opportunitiesOwnedBy(tx: SqlQuery, ownerId: string): Promise<StoredOpportunity[]>;
  saveOpportunities(tx: SqlQuery, opportunities: StoredOpportunity[], at: string): Promise<void>;
  /** Person ids of these Salesforce users, where mapped. */
  people(tx: SqlQuery, ownerIds: string[]): Promise<Map<string, string>>;
  mapOwner(tx: SqlQuery, mapping: { ownerId: string; personId: string; by: string; at: string }): Promise<void>;
  recordReconciliation(tx: SqlQuery, item: Omit<ReconciliationItem, 'id'>): Promise<number>;
  reconciliationItems(): Promise<ReconciliationItem[]>;
  heldDeals(): Promise<{ opportunityId: string; ownerId: string }[]>;
}

export const deliveryKey = (delivery: ChangeDelivery) => `${delivery.transactionKey}/${delivery.sequenceNumber}/${delivery.recordId}`;
