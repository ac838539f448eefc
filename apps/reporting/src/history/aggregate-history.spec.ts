import { AggregateHistory, Evolving } from './aggregate-history';
import { StoredGoalEvent } from './stored-goal-event';

/** A state that lists the structural events folded into it, in order. */
const listing: Evolving<string[]> = { initialState: () => [], evolve: (state, event) => [...state, (event as { type: string }).type] };

const event = (streamVersion: number, type: string, effectiveAt: string, recordedAt: string): StoredGoalEvent => ({
  _id: `objective-o@${streamVersion}`,
  streamId: 'objective-o',
  streamVersion,
  globalPosition: streamVersion,
  type,
  data: {},
  actor: 'olivia',
  effectiveAt,
  recordedAt,
});

const at = (asOf: string, knownAt = '2027-12-31T00:00:00Z') => ({ asOf: Date.parse(asOf), knownAt: Date.parse(knownAt) });

describe('an aggregate history folded at past instants', () => {
  it('gives the same fold at instants where the same events are visible, and a new one once a late event is visible there', () => {
    const history = new AggregateHistory();
    history.add(event(1, 'ObjectiveDefined', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z'));
    history.add(event(2, 'ObjectiveRetitled', '2027-03-01T00:00:00Z', '2027-03-01T00:00:00Z'));

    const february = history.foldAt(listing, at('2027-02-01T00:00:00Z'));
    expect(february.state).toEqual(['ObjectiveDefined']);
    expect(history.foldAt(listing, at('2027-02-15T00:00:00Z'))).toBe(february);
    expect(history.foldAt(listing, at('2027-02-15T00:00:00Z', '2027-02-20T00:00:00Z')).state).toEqual(['ObjectiveDefined']);

    // Recorded in April, effective in January: visible as of February once known.
    history.add(event(3, 'KeyResultAdded', '2027-01-10T00:00:00Z', '2027-04-01T00:00:00Z'));
    expect(history.foldAt(listing, at('2027-02-15T00:00:00Z')).state).toEqual(['ObjectiveDefined', 'KeyResultAdded']);
    expect(history.foldAt(listing, at('2027-02-15T00:00:00Z', '2027-03-15T00:00:00Z')).state).toEqual(['ObjectiveDefined']);
  });
});
