import { eventStoreDbClient, redactConnectionString } from './eventstoredb-connection';

describe('the EventStoreDB connection string', () => {
  it('hides the password in messages', () => {
    expect(redactConnectionString('esdb://admin:changeit@eventstore:2113?tls=false')).toBe('esdb://admin:***@eventstore:2113?tls=false');
    expect(redactConnectionString('esdb+discover://ops:p%40ss@cluster.internal:2113')).toBe('esdb+discover://ops:***@cluster.internal:2113');
    expect(redactConnectionString('esdb://eventstore:2113?tls=false')).toBe('esdb://eventstore:2113?tls=false');
  });

  it('accepts a single node and a cluster to discover', async () => {
    for (const url of ['esdb://eventstore:2113?tls=false', 'esdb+discover://admin:changeit@cluster.internal:2113']) {
      await eventStoreDbClient(url).dispose();
    }
  });

  it('names EVENTSTORE_URL, shows an example and says what is wrong', () => {
    expect(() => eventStoreDbClient('postgres://admin:changeit@eventstore:2113')).toThrow(
      'EVENTSTORE_URL postgres://admin:***@eventstore:2113 is not an EventStoreDB connection string (e.g. esdb://eventstore:2113?tls=false): Unexpected "postgres://"',
    );
    expect(() => eventStoreDbClient('esdb://eventstore:port')).toThrow(/^EVENTSTORE_URL esdb:\/\/eventstore:port is not an EventStoreDB connection string .*expected port number/);
  });
});
