import { CurrentContribution, DataPointDraft } from '../application/contribution';
import { decideContribution } from '../application/contribution.decision';
import { ChangeEventHeader } from './opportunity-change-event';
import { opportunityContribution } from './opportunity-contribution';
import { applyOpportunityChange, OpportunityState } from './opportunity-state';

const people: Record<string, string> = { '005-ADA': 'ada', '005-BOB': 'bob' };
let sequence = 0;

/** A change event as Salesforce sends it: the header, and the fields it carries. */
function event(changeType: ChangeEventHeader['changeType'], recordIds: string[], body: Record<string, unknown> = {}, header: Partial<ChangeEventHeader> = {}) {
  sequence += 1;
  return {
    header: { entityName: 'Opportunity' as const, recordIds, changeType, transactionKey: `tx-${sequence}`, sequenceNumber: 1, commitTimestamp: Date.parse('2027-04-02T09:00:00Z'), ...header },
    body,
  };
}

/** Plays events through the state machine and the contribution decision, as the handler does, and returns the data points. */
function play(events: ReturnType<typeof event>[], mapping: Record<string, string> = people) {
  const states = new Map<string, OpportunityState>();
  const heads = new Map<string, CurrentContribution>();
  const dataPoints: (DataPointDraft & { recordId: string })[] = [];
  const held: string[] = [];
  for (const { header, body } of events) {
    for (const recordId of header.recordIds) {
      const state = applyOpportunityChange(states.get(recordId), header, body);
      states.set(recordId, state);
      const outcome = opportunityContribution(recordId, state, header, (owner) => mapping[owner]);
      if (outcome.heldFor) held.push(`${recordId}:${outcome.heldFor}`);
      const decision = decideContribution(heads.get(recordId), outcome.change);
      if (decision.outcome === 'unchanged') continue;
      for (const draft of decision.dataPoints) {
        dataPoints.push({ recordId, ...draft });
        heads.set(recordId, { sourceRecordKey: recordId, ...draft });
      }
    }
  }
  return { dataPoints, held, states };
}

const wonDeal = { Name: 'Acme renewal', OwnerId: '005-ADA', StageName: 'Closed Won', IsWon: true, IsClosed: true, Amount: 50000, CloseDate: '2027-03-30' };
const openDeal = { ...wonDeal, StageName: 'Negotiation', IsWon: false, IsClosed: false };
const upsert = (recordId: string, person: string, value: number, occurredAt = '2027-03-30T00:00:00.000Z') => expect.objectContaining({ recordId, subject: { type: 'person', id: person }, operation: 'upsert', value, occurredAt });
const retract = (recordId: string, person: string) => expect.objectContaining({ recordId, subject: { type: 'person', id: person }, operation: 'retract' });

describe('opportunity changes into closed-won amounts', () => {
  it('counts a deal created Closed Won for its owner on its close date, even when it arrives after the quarter', () => {
    expect(play([event('CREATE', ['006-1'], wonDeal)]).dataPoints).toEqual([upsert('006-1', 'ada', 50000, '2027-03-30T00:00:00.000Z')]);
  });

  it('counts nothing for an open deal, then its amount once its stage becomes Closed Won', () => {
    const { dataPoints } = play([event('CREATE', ['006-1'], openDeal), event('UPDATE', ['006-1'], { StageName: 'Closed Won', IsWon: true, IsClosed: true })]);
    expect(dataPoints).toEqual([upsert('006-1', 'ada', 50000)]);
  });

  it('takes IsWon as won for a custom won stage', () => {
    expect(play([event('CREATE', ['006-1'], { ...wonDeal, StageName: 'Won - Renewal' })]).dataPoints).toEqual([upsert('006-1', 'ada', 50000)]);
  });

  it('upserts the new amount of a closed-won deal, and counts a changed close date on the new date', () => {
    const { dataPoints } = play([event('CREATE', ['006-1'], wonDeal), event('UPDATE', ['006-1'], { Amount: 64000 }), event('UPDATE', ['006-1'], { CloseDate: '2027-04-01' })]);
    expect(dataPoints).toEqual([upsert('006-1', 'ada', 50000), upsert('006-1', 'ada', 64000), upsert('006-1', 'ada', 64000, '2027-04-01T00:00:00.000Z')]);
    expect(dataPoints.map((d) => d.recordVersion)).toEqual([1, 2, 3]);
  });

  it('retracts a deal moved out of Closed Won (a stage change without IsWon is not taken as still won), as of the change', () => {
    const { dataPoints } = play([event('CREATE', ['006-1'], wonDeal), event('UPDATE', ['006-1'], { StageName: 'Negotiation' })]);
    expect(dataPoints).toEqual([upsert('006-1', 'ada', 50000), retract('006-1', 'ada')]);
    expect(dataPoints[1]).toEqual(expect.objectContaining({ occurredAt: '2027-04-02T09:00:00.000Z' }));
  });

  it('moves the amount from the old owner to the new one', () => {
    const { dataPoints } = play([event('CREATE', ['006-1'], wonDeal), event('UPDATE', ['006-1'], { OwnerId: '005-BOB' })]);
    expect(dataPoints).toEqual([upsert('006-1', 'ada', 50000), retract('006-1', 'ada'), upsert('006-1', 'bob', 50000)]);
  });

  it('retracts a deleted deal and restores it from its last known state when undeleted', () => {
    const { dataPoints } = play([event('CREATE', ['006-1'], wonDeal), event('DELETE', ['006-1']), event('UNDELETE', ['006-1'])]);
    expect(dataPoints).toEqual([upsert('006-1', 'ada', 50000), retract('006-1', 'ada'), upsert('006-1', 'ada', 50000)]);
  });

  it('applies a field listed in nulledFields as null: a closed-won deal whose amount is cleared counts nothing', () => {
    const { dataPoints, states } = play([event('CREATE', ['006-1'], wonDeal), event('UPDATE', ['006-1'], { Amount: null }, { nulledFields: ['Amount'] })]);
    expect(dataPoints).toEqual([upsert('006-1', 'ada', 50000), retract('006-1', 'ada')]);
    expect(states.get('006-1')!.fields.Amount).toBeNull();
  });

  it('takes a null that is not in nulledFields as "unchanged", as in events where every absent field is null', () => {
    const { dataPoints } = play([event('CREATE', ['006-1'], wonDeal), event('UPDATE', ['006-1'], { Amount: 70000, StageName: null, OwnerId: null, CloseDate: null })]);
    expect(dataPoints).toEqual([upsert('006-1', 'ada', 50000), upsert('006-1', 'ada', 70000)]);
  });

  it('applies one event to every record it names', () => {
    const { dataPoints } = play([event('CREATE', ['006-1'], wonDeal), event('CREATE', ['006-2'], { ...wonDeal, Amount: 20000 }), event('UPDATE', ['006-1', '006-2'], { OwnerId: '005-BOB' })]);
    expect(dataPoints).toEqual([upsert('006-1', 'ada', 50000), upsert('006-2', 'ada', 20000), retract('006-1', 'ada'), upsert('006-1', 'bob', 50000), retract('006-2', 'ada'), upsert('006-2', 'bob', 20000)]);
  });

  it('holds a closed-won deal whose owner is no person, and gives nothing to anyone meanwhile', () => {
    const { dataPoints, held } = play([event('CREATE', ['006-1'], { ...wonDeal, OwnerId: '005-NEW' })]);
    expect(dataPoints).toEqual([]);
    expect(held).toEqual(['006-1:005-NEW']);
    expect(play([event('CREATE', ['006-1'], { ...wonDeal, OwnerId: '005-NEW' })], { '005-NEW': 'nia' }).dataPoints).toEqual([upsert('006-1', 'nia', 50000)]);
  });

  it('changes nothing when the same update arrives twice in a row', () => {
    const update = event('UPDATE', ['006-1'], { Amount: 64000 });
    expect(play([event('CREATE', ['006-1'], wonDeal), update, update]).dataPoints).toHaveLength(2);
  });

  it('refuses to apply a gap event, which carries no fields', () => {
    expect(() => applyOpportunityChange(undefined, { changeType: 'GAP_UPDATE' }, {})).toThrow('carries no record fields');
  });
});
