import { SharedBindings } from './shared-bindings';
import { StoredGoalEvent } from './stored-goal-event';

const event = (streamId: string, data: Record<string, unknown>): StoredGoalEvent => ({
  _id: `${streamId}@2`, streamId, streamVersion: 2, globalPosition: 2, type: 'KeyResultBoundToMetric', data, actor: 'olivia', effectiveAt: '2027-01-01T00:00:00.000Z', recordedAt: '2027-01-01T00:00:00.000Z',
});
const window = { kind: 'cycle', from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };

describe('SharedBindings: bindings equal in every field held as one object', () => {
  it('gives equal bindings one object whatever their key order, keeps different ones apart, and leaves the rest of the event as it was', () => {
    const shared = new SharedBindings();
    const first = shared.in(event('objective-a', { keyResultId: 'k', binding: { metric: 'sales.won', aggregation: 'sum', scope: { type: 'unit', unitId: 't', includeSubUnits: true }, window }, previous: null }));
    const reordered = shared.in(event('objective-b', { keyResultId: 'k', previous: null, binding: { window: { to: window.to, from: window.from, kind: 'cycle' }, scope: { includeSubUnits: true, unitId: 't', type: 'unit' }, aggregation: 'sum', metric: 'sales.won' } }));
    const other = shared.in(event('objective-c', { keyResultId: 'k', binding: { metric: 'sales.won', aggregation: 'count', scope: { type: 'unit', unitId: 't', includeSubUnits: true }, window }, previous: null }));
    const data = (e: StoredGoalEvent) => e.data as { binding: object; keyResultId: string };
    expect(data(reordered).binding).toBe(data(first).binding);
    expect(data(other).binding).not.toBe(data(first).binding);
    expect(reordered).toMatchObject({ streamId: 'objective-b', data: { keyResultId: 'k', previous: null } });
    const unbound = event('objective-d', { keyResultId: 'k', value: 3 });
    expect(shared.in(unbound)).toBe(unbound);
  });
});
