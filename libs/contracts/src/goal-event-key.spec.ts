import { goalEventKeyOf } from './goal-event-key';

describe('the key of a goal event on the topic', () => {
  it('spreads a busy objective over its key results: each key result’s values keep their order', () => {
    const checkIns = ['kr-1', 'kr-2', 'kr-3', 'kr-1'].map((keyResultId, n) => ({ streamId: 'objective-o1', type: n === 3 ? 'KeyResultCheckInAmended' : 'KeyResultCheckInRecorded', data: { keyResultId, value: n } }));
    expect(checkIns.map(goalEventKeyOf)).toEqual(['objective-o1/kr-1', 'objective-o1/kr-2', 'objective-o1/kr-3', 'objective-o1/kr-1']);
  });

  it('keys everything else by its stream, the order it is folded in', () => {
    expect(goalEventKeyOf({ streamId: 'objective-o1', type: 'KeyResultAdded', data: { keyResultId: 'kr-1' } })).toBe('objective-o1');
    expect(goalEventKeyOf({ streamId: 'objective-o1', type: 'KeyResultBoundToMetric', data: { keyResultId: 'kr-1' } })).toBe('objective-o1');
    expect(goalEventKeyOf({ streamId: 'kpi-k1', type: 'KpiCheckInRecorded', data: { value: 3 } })).toBe('kpi-k1');
    expect(goalEventKeyOf({ streamId: 'organization', type: 'PersonRegistered', data: { personId: 'p1' } })).toBe('organization');
  });
});
