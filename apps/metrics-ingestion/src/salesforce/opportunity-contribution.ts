import { isWithinInstantRange } from '@okr/service-kit';
import { ContributionChange } from '../application/contribution';
import { ChangeEventHeader } from './opportunity-change-event';
import { OpportunityState } from './opportunity-state';

export const CLOSED_WON_METRIC = 'sales.closed_won_amount';
export const SALESFORCE_SYSTEM = 'salesforce';

export type OpportunityOutcome =
  /** What the opportunity contributes now (an upsert for its owner, or a retraction). */
  | { change: ContributionChange; heldFor?: undefined }
  /** Closed Won, but its owner is no person yet: held, and whatever it gave before is retracted. */
  | { change: ContributionChange; heldFor: string };

/**
 * What one opportunity contributes to its owner's closed-won amount: its Amount while it is
 * Closed Won (StageName 'Closed Won' or IsWon), on its CloseDate, so a deal that closed on
 * 30 March counts in Q1 whenever it arrives. Anything else (open, lost, deleted, no amount)
 * withdraws its contribution as of the change's commit.
 */
export function opportunityContribution(
  recordId: string,
  state: OpportunityState,
  header: Pick<ChangeEventHeader, 'transactionKey' | 'sequenceNumber' | 'commitTimestamp'>,
  personOf: (ownerId: string) => string | undefined,
): OpportunityOutcome {
  const { fields } = state;
  const source = { system: SALESFORCE_SYSTEM, recordId, changeId: `${header.transactionKey}/${header.sequenceNumber}` };
  const ownerId = typeof fields.OwnerId === 'string' ? fields.OwnerId : undefined;
  const won = fields.StageName === 'Closed Won' || fields.IsWon === true;
  const amount = typeof fields.Amount === 'number' ? fields.Amount : undefined;
  const person = ownerId ? personOf(ownerId) : undefined;
  const committedAt = new Date(header.commitTimestamp).toISOString();
  const retraction: ContributionChange = { metric: CLOSED_WON_METRIC, subject: { type: 'person', id: person ?? ownerId ?? 'unknown' }, operation: 'retract', occurredAt: committedAt, source };
  if (state.deleted || !won || amount === undefined || !ownerId) return { change: retraction };
  if (!person) return { change: retraction, heldFor: ownerId };
  return {
    change: { metric: CLOSED_WON_METRIC, subject: { type: 'person', id: person }, operation: 'upsert', value: amount, occurredAt: closeDateInstant(fields.CloseDate) ?? committedAt, source },
  };
}

/** CloseDate is a calendar date (2027-03-30): the deal counts from the start of that day, UTC. */
function closeDateInstant(closeDate: unknown): string | undefined {
  if (typeof closeDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(closeDate)) return undefined;
  const instant = new Date(`${closeDate}T00:00:00.000Z`);
  return isWithinInstantRange(instant.getTime()) ? instant.toISOString() : undefined;
}
