import { ContributionChange, CurrentContribution } from './contribution';
import { decideContribution } from './contribution.decision';

const ada = { type: 'person' as const, id: 'ada' };
const bob = { type: 'person' as const, id: 'bob' };
const change = (overrides: Partial<ContributionChange> = {}): ContributionChange => ({
  metric: 'sales.closed_won_amount',
  subject: ada,
  operation: 'upsert',
  value: 100,
  occurredAt: '2027-03-30T00:00:00.000Z',
  source: { system: 'api', recordId: 'r-1' },
  ...overrides,
});
const current = (overrides: Partial<CurrentContribution> = {}): CurrentContribution => ({
  sourceRecordKey: 'api:r-1:sales.closed_won_amount',
  subject: ada,
  operation: 'upsert',
  value: 100,
  occurredAt: '2027-03-30T00:00:00.000Z',
  recordVersion: 1,
  ...overrides,
});

describe('deciding a record contribution', () => {
  it('accepts a new record as version 1', () => {
    expect(decideContribution(undefined, change())).toEqual({
      outcome: 'accepted',
      dataPoints: [{ subject: ada, operation: 'upsert', value: 100, occurredAt: '2027-03-30T00:00:00.000Z', recordVersion: 1 }],
    });
  });

  it('finds the same content delivered again unchanged', () => {
    expect(decideContribution(current(), change())).toEqual({ outcome: 'unchanged' });
  });

  it('accepts a new value or a new valid time as the next version', () => {
    expect(decideContribution(current({ recordVersion: 4 }), change({ value: 120 }))).toMatchObject({ dataPoints: [{ value: 120, recordVersion: 5 }] });
    expect(decideContribution(current(), change({ occurredAt: '2027-03-31T00:00:00.000Z' }))).toMatchObject({ dataPoints: [{ recordVersion: 2 }] });
  });

  it('withdraws from the old subject before giving to the new one', () => {
    expect(decideContribution(current({ recordVersion: 2 }), change({ subject: bob, value: 90 }))).toEqual({
      outcome: 'accepted',
      dataPoints: [
        { subject: ada, operation: 'retract', occurredAt: '2027-03-30T00:00:00.000Z', recordVersion: 3 },
        { subject: bob, operation: 'upsert', value: 90, occurredAt: '2027-03-30T00:00:00.000Z', recordVersion: 4 },
      ],
    });
  });

  it('retracts what the record gives, once, whatever subject the retraction names', () => {
    const retract = change({ operation: 'retract', value: undefined, subject: bob, occurredAt: '2027-04-02T00:00:00.000Z' });
    expect(decideContribution(current(), retract)).toEqual({
      outcome: 'accepted',
      dataPoints: [{ subject: ada, operation: 'retract', occurredAt: '2027-04-02T00:00:00.000Z', recordVersion: 2 }],
    });
    expect(decideContribution(current({ operation: 'retract', value: undefined, recordVersion: 2 }), retract)).toEqual({ outcome: 'unchanged' });
    expect(decideContribution(undefined, retract)).toEqual({ outcome: 'unchanged' });
  });

  it('restores a retracted record as its next version, even with its old value', () => {
    expect(decideContribution(current({ operation: 'retract', value: undefined, recordVersion: 2 }), change())).toMatchObject({ dataPoints: [{ operation: 'upsert', value: 100, recordVersion: 3 }] });
  });
});
