let transaction = 0;

/**
 * An OpportunityChangeEvent as Salesforce publishes it (the payload of a CometD message): an
 * UPDATE carries only the fields that changed. Each call is its own transaction; `header`
 * overrides fields of the ChangeEventHeader.
 */
export function changeEvent(changeType: string, recordIds: string[], fields: Record<string, unknown>, committedAt: string, header: Record<string, unknown> = {}) {
  transaction += 1;
  return {
    ChangeEventHeader: {
      entityName: 'Opportunity',
      recordIds,
      changeType,
      changeOrigin: 'com/salesforce/api/soap/60.0;client=SfdcInternalAPI/',
      transactionKey: `0002c7b5-${String(transaction).padStart(4, '0')}-4b9e-a0de-6ad4c7f8b1c2`,
      sequenceNumber: 1,
      commitTimestamp: Date.parse(committedAt),
      commitNumber: 10_000_000 + transaction,
      commitUser: '005Dn000000AdminAAA',
      changedFields: Object.keys(fields),
      ...header,
    },
    ...fields,
  };
}

/** An opportunity's fields as a CREATE carries them. */
export const deal = (owner: string, stage: string, amount: number, closeDate: string) => ({
  Name: `Deal ${amount}`,
  OwnerId: owner,
  StageName: stage,
  IsWon: stage === 'Closed Won',
  IsClosed: stage.startsWith('Closed'),
  Amount: amount,
  CloseDate: closeDate,
  CurrencyIsoCode: 'EUR',
});
