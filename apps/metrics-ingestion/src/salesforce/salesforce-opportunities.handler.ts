import { Inject, Injectable } from '@nestjs/common';
import { ContributionChange } from '../application/contribution';
import { ChangeOrigin, ChangeOutcome, DATA_POINT_LEDGER, DataPointLedger } from '../application/data-point-ledger.port';
import { INGESTION_DATABASE, IngestionDatabase, IngestionTransaction } from '../application/ingestion-database.port';
import { ingestionMetrics } from '../infrastructure/ingestion-metrics';
import { ChangeEventHeader, OpportunityChangeEvent } from './opportunity-change-event';
import { opportunityContribution, SALESFORCE_SYSTEM } from './opportunity-contribution';
import { applyOpportunityChange, OpportunityState } from './opportunity-state';
import { deliveryKey, SALESFORCE_RECORDS, SalesforceRecords, StoredOpportunity } from './salesforce-records.port';
import { CLOCK, Clock } from '@okr/service-kit';

export type ContributionOutcome =
  | { outcome: 'accepted'; dataPointIds: string[] }
  | { outcome: 'unchanged' }
  /** Delivered before: nothing changed this time. */
  | { outcome: 'duplicate' }
  /** Closed Won, waiting for its owner's mapping to a person. */
  | { outcome: 'held'; ownerId: string };

export type RecordOutcome = { recordId: string } & ContributionOutcome;

export interface EventOutcome {
  transactionKey: string;
  sequenceNumber: number;
  changeType: ChangeEventHeader['changeType'];
  records: RecordOutcome[];
  /** A gap or overflow event: where it is listed for reconciliation. */
  reconciliationId?: number;
}

/** One opportunity change about to be contributed: the state it left and the header that caused it. */
interface AppliedChange {
  recordId: string;
  /** Where its outcome goes in the answer. */
  answer?: RecordOutcome[];
  state: OpportunityState;
  header: Pick<ChangeEventHeader, 'transactionKey' | 'sequenceNumber' | 'commitTimestamp'>;
}

const OVERFLOW_RECORD = '*';

/**
 * Salesforce opportunities into closed-won amounts: applies Change Data Capture events to the
 * last known state of each opportunity, and records what each opportunity now contributes to its
 * owner, in one transaction per delivery. Gap and overflow events are listed for reconciliation
 * rather than guessed at; deals of unmapped owners are held until their owner is mapped.
 */
@Injectable()
export class SalesforceOpportunitiesHandler {
  constructor(
    @Inject(INGESTION_DATABASE) private readonly db: IngestionDatabase,
    @Inject(DATA_POINT_LEDGER) private readonly ledger: DataPointLedger,
    @Inject(SALESFORCE_RECORDS) private readonly records: SalesforceRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async receive(events: OpportunityChangeEvent[], origin: ChangeOrigin): Promise<EventOutcome[]> {
    const outcomes = await this.db.transaction(async (tx) => {
      const now = this.clock.now().toISOString();
      const deliveries = events.flatMap(({ ChangeEventHeader: header }) =>
        (header.recordIds.length ? header.recordIds : [OVERFLOW_RECORD]).map((recordId) => ({ transactionKey: header.transactionKey, sequenceNumber: header.sequenceNumber, recordId })),
      );
      const fresh = await this.records.firstDeliveries(tx, deliveries);
      const states = await this.records.opportunities(tx, [...new Set(deliveries.map((delivery) => delivery.recordId))]);
      const applied: AppliedChange[] = [];
      const results: EventOutcome[] = [];
      for (const event of events) {
        const header = event.ChangeEventHeader;
        const result: EventOutcome = { transactionKey: header.transactionKey, sequenceNumber: header.sequenceNumber, changeType: header.changeType, records: [] };
        results.push(result);
        const isFresh = (recordId: string) => fresh.has(deliveryKey({ transactionKey: header.transactionKey, sequenceNumber: header.sequenceNumber, recordId }));
        if (header.changeType.startsWith('GAP_')) {
          if (isFresh(header.recordIds[0] ?? OVERFLOW_RECORD)) result.reconciliationId = await this.records.recordReconciliation(tx, reconciliationOf(header, now));
          result.records = header.recordIds.map((recordId) => ({ recordId, outcome: isFresh(recordId) ? 'unchanged' : 'duplicate' }));
          continue;
        }
        for (const recordId of header.recordIds) {
          if (!isFresh(recordId)) {
            result.records.push({ recordId, outcome: 'duplicate' });
            continue;
          }
          const state = applyOpportunityChange(states.get(recordId), header, event);
          states.set(recordId, state);
          applied.push({ recordId, state, header, answer: result.records });
          result.records.push({ recordId, outcome: 'unchanged' });
        }
      }
      const contributed = await this.contribute(tx, applied, origin, now);
      applied.forEach(({ recordId, answer }, index) => {
        const slot = answer!.findIndex((record) => record.recordId === recordId);
        answer![slot] = { recordId, ...contributed[index] };
      });
      return results;
    });
    this.count(outcomes.flatMap((event) => event.records));
    return outcomes;
  }

  /** Maps a Salesforce user to a person, and moves (or releases) the closed-won amounts of the deals they own. */
  async mapOwner(ownerId: string, personId: string, origin: ChangeOrigin): Promise<RecordOutcome[]> {
    const outcomes = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      await this.records.mapOwner(tx, { ownerId, personId, by: origin.actor, at: now.toISOString() });
      const owned = await this.records.opportunitiesOwnedBy(tx, ownerId);
      const header = { transactionKey: `owner-mapping:${ownerId}`, sequenceNumber: 1, commitTimestamp: now.getTime() };
      const outcomes = await this.contribute(tx, owned.map(({ id, state }) => ({ recordId: id, state, header })), origin, now.toISOString());
      return outcomes.map((outcome, index): RecordOutcome => ({ recordId: owned[index].id, ...outcome }));
    });
    this.count(outcomes);
    return outcomes;
  }

  /** Records what each changed opportunity contributes now, and stores its state (held or not). */
  private async contribute(tx: IngestionTransaction, applied: AppliedChange[], origin: ChangeOrigin, now: string): Promise<ContributionOutcome[]> {
    if (applied.length === 0) return [];
    const ownerIds = [...new Set(applied.flatMap(({ state }) => (typeof state.fields.OwnerId === 'string' ? [state.fields.OwnerId] : [])))];
    const people = await this.records.people(tx, ownerIds);
    const contributions = applied.map(({ recordId, state, header }) => opportunityContribution(recordId, state, header, (ownerId) => people.get(ownerId)));
    const changes: ContributionChange[] = contributions.map((contribution) => contribution.change);
    const latest = new Map<string, StoredOpportunity>();
    applied.forEach(({ recordId, state }, index) => latest.set(recordId, { id: recordId, state, ...(contributions[index].heldFor ? { heldFor: contributions[index].heldFor } : {}) }));
    await this.records.saveOpportunities(tx, [...latest.values()], now);
    // The ledger last: from its append to the commit, other appenders wait.
    const ledgerOutcomes: ChangeOutcome[] = await this.ledger.record(tx, changes, origin);
    return ledgerOutcomes.map((outcome, index): ContributionOutcome => {
      const heldFor = contributions[index].heldFor;
      if (heldFor && outcome.status === 'unchanged') return { outcome: 'held', ownerId: heldFor };
      return outcome.status === 'accepted' ? { outcome: 'accepted', dataPointIds: outcome.dataPointIds } : { outcome: 'unchanged' };
    });
  }

  private count(records: RecordOutcome[]): void {
    for (const outcome of ['accepted', 'unchanged'] as const) {
      const count = records.filter((record) => record.outcome === outcome || (outcome === 'unchanged' && (record.outcome === 'duplicate' || record.outcome === 'held'))).length;
      if (count) ingestionMetrics.dataPoints.inc({ source: SALESFORCE_SYSTEM, outcome }, count);
    }
  }
}

/** What a gap or overflow event needs before the numbers can be trusted again. */
function reconciliationOf(header: ChangeEventHeader, now: string): Parameters<SalesforceRecords['recordReconciliation']>[1] {
  const committed = new Date(header.commitTimestamp).toISOString();
  const overflow = header.changeType === 'GAP_OVERFLOW';
  const fields = 'Id, OwnerId, StageName, IsWon, Amount, CloseDate, IsDeleted';
  const repair = overflow
    ? `Salesforce did not detail transaction ${header.transactionKey} (committed ${committed}): query its opportunities (SELECT ${fields} FROM Opportunity WHERE LastModifiedDate >= ${committed}) and send each as an UPDATE change event with a new transactionKey.`
    : `Salesforce could not describe this ${header.changeType.slice(4)} of ${header.recordIds.join(', ')}: read them again (SELECT ${fields} FROM Opportunity WHERE Id IN (${header.recordIds.map((id) => `'${id}'`).join(', ')}) ALL ROWS) and send each as an UPDATE change event (or DELETE when IsDeleted) with a new transactionKey.`;
  return {
    kind: overflow ? 'overflow' : 'gap',
    changeType: header.changeType,
    entity: header.entityName,
    recordIds: header.recordIds,
    transactionKey: header.transactionKey,
    commitTimestamp: committed,
    repair,
    recordedAt: now,
  };
}
