import { ChangeEventHeader } from './opportunity-change-event';

/** Field values of an opportunity, by their Salesforce API names (Amount, StageName, IsWon, CloseDate, OwnerId...). */
export type OpportunityFields = Record<string, unknown>;

/** The last known state of one opportunity, rebuilt from change events since an UPDATE carries only what changed. */
export interface OpportunityState {
  fields: OpportunityFields;
  deleted: boolean;
}

const HEADER = 'ChangeEventHeader';

/**
 * The opportunity after one record change event. CREATE brings every field; UPDATE the changed
 * ones, a null meaning "unchanged" unless the field is listed in nulledFields; DELETE keeps the
 * fields so that UNDELETE can restore them (with whatever the undelete event carries on top).
 */
export function applyOpportunityChange(state: OpportunityState | undefined, header: Pick<ChangeEventHeader, 'changeType' | 'nulledFields'>, body: OpportunityFields): OpportunityState {
  const changed = changedFields(body, header.nulledFields ?? []);
  switch (header.changeType) {
    case 'CREATE':
      return { fields: changed, deleted: false };
    case 'UPDATE':
      return { fields: merge(state?.fields ?? {}, changed), deleted: state?.deleted ?? false };
    case 'DELETE':
      return { fields: state?.fields ?? {}, deleted: true };
    case 'UNDELETE':
      return { fields: merge(state?.fields ?? {}, changed), deleted: false };
    default:
      throw new Error(`${header.changeType} carries no record fields: it is reconciled, not applied`);
  }
}

function changedFields(body: OpportunityFields, nulledFields: string[]): OpportunityFields {
  const fields: OpportunityFields = {};
  for (const [name, value] of Object.entries(body)) if (name !== HEADER && value !== null && value !== undefined) fields[name] = value;
  for (const name of nulledFields) fields[name] = null;
  return fields;
}

function merge(known: OpportunityFields, changed: OpportunityFields): OpportunityFields {
  const fields = { ...known, ...changed };
  // IsWon follows the stage in Salesforce: a stage change that does not say IsWon leaves it unknown, not stale.
  if ('StageName' in changed && !('IsWon' in changed)) delete fields.IsWon;
  return fields;
}
