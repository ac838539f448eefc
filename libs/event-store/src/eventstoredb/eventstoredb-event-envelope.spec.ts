import { jsonEvent } from '@eventstore/db-client';
import { newTestEvent } from '@okr/testing';
import { computeEventHash, verifyChain } from '../hash-chain';
import { chainedEventData, decodeOwnEvent, decodeStoredEvent } from './eventstoredb-event-envelope';
import { recordedByEventStoreDb } from './recorded-by-eventstoredb.fixture';

describe('events as EventStoreDB holds them', () => {
  const events = [
    newTestEvent('GoalSet', { target: 0.1, nested: { b: [1, 'ü', null], a: 1e21 } }, { reason: 'planning', actor: 'integration:salesforce' }),
    newTestEvent('GoalMoved', { to: 'x' }, { effectiveAt: '2027-03-30T12:00:00.000Z' }),
  ];

  it('writes each event under its own id and type, with its data as JSON', () => {
    const written = chainedEventData('objective-1', { version: 0, lastHash: null }, events);
    expect(written.map((e) => [e.id, e.type, e.contentType, e.data])).toEqual(events.map((e) => [e.metadata.eventId, e.type, 'application/json', e.data]));
  });

  it('reads back the events exactly as appended, with versions, positions and a chain that verifies', () => {
    const written = chainedEventData('objective-1', { version: 0, lastHash: null }, events);
    const read = written.map((data, revision) => decodeOwnEvent(recordedByEventStoreDb('objective-1', revision, 1000 + revision * 200, data)));
    expect(read.map(({ streamId, streamVersion, globalPosition, type, data, metadata }) => ({ streamId, streamVersion, globalPosition, type, data, metadata }))).toEqual(
      events.map((event, index) => ({ streamId: 'objective-1', streamVersion: index + 1, globalPosition: 1000 + index * 200, ...event })),
    );
    expect(verifyChain(read)).toEqual({ ok: true, verified: 2 });
  });

  it('continues the chain of a stream from its last event, hashed as the SQL store hashes it', () => {
    const [third] = chainedEventData('objective-1', { version: 2, lastHash: 'hash-of-2' }, [events[0]]);
    const read = decodeOwnEvent(recordedByEventStoreDb('objective-1', 2, 5000, third));
    expect(read.streamVersion).toBe(3);
    expect(read.prevHash).toBe('hash-of-2');
    expect(read.hash).toBe(computeEventHash('hash-of-2', { streamId: 'objective-1', streamVersion: 3, type: events[0].type, data: events[0].data, metadata: events[0].metadata }));
  });

  it('gives EventStoreDB the correlation and causation ids under its own keys', () => {
    const [written] = chainedEventData('objective-1', { version: 0, lastHash: null }, [events[0]]);
    expect(written.metadata).toMatchObject({ $correlationId: events[0].metadata.correlationId, $causationId: events[0].metadata.causationId });
  });

  it('does not take another application’s events for its own', () => {
    const foreign = jsonEvent({ type: 'OrderPlaced', data: { id: 1 }, metadata: { by: 'shop' } });
    expect(decodeStoredEvent(recordedByEventStoreDb('orders-1', 0, 10, foreign))).toBeUndefined();
    expect(decodeStoredEvent(recordedByEventStoreDb('orders-1', 0, 10, jsonEvent({ type: 'OrderPlaced', data: { id: 1 } })))).toBeUndefined();
    expect(() => decodeOwnEvent(recordedByEventStoreDb('objective-1', 4, 10, { ...foreign, id: '5a4f1a56-3a4b-4c2e-9d1b-0d7f6f2e9a11' }))).toThrow(
      'event 5a4f1a56-3a4b-4c2e-9d1b-0d7f6f2e9a11 (revision 4) of stream objective-1 was not written by the event store',
    );
  });
});
