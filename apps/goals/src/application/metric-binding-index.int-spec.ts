import { NewEvent } from '@okr/contracts';
import { createEventStore, OpenedEventStore } from '@okr/event-store';
import { MetricBinding } from '@okr/goals-domain';
import { randomUUID } from 'node:crypto';
import { goalStreams } from './goal-streams';
import { MetricBindingIndex } from './metric-binding-index';

describe('the index of metric bindings on the embedded event store', () => {
  let opened: OpenedEventStore;
  const binding = (metric: string): MetricBinding => ({ metric, aggregation: 'sum', scope: { type: 'unit', unitId: 'emea', includeSubUnits: true }, window: { kind: 'all-time' } });
  const event = (type: string, data: Record<string, unknown>): NewEvent => {
    const now = '2027-01-04T09:00:00.000Z';
    return { type, data, metadata: { eventId: randomUUID(), actor: 'olivia', recordedAt: now, effectiveAt: now, correlationId: 'c', causationId: 'r', schemaVersion: 1 } };
  };
  const append = (streamId: string, ...events: NewEvent[]) => opened.eventStore.appendToStream(streamId, events, { expectedVersion: 'any' });

  beforeAll(async () => {
    opened = await createEventStore({ kind: 'embedded', dataDir: 'memory://' });
  });
  afterAll(() => opened.close());

  it('finds the goals bound to a metric from the store, as a fresh instance of the service would', async () => {
    await append(goalStreams.objective('emea'), event('KeyResultBoundToMetric', { keyResultId: 'arr', binding: binding('sales.closed_won_amount') }));
    await append(goalStreams.target('q-rita'), event('TargetBoundToMetric', { targetId: 'q-rita', binding: binding('sales.closed_won_amount') }));
    await append(goalStreams.kpi('tickets'), event('KpiBoundToMetric', { kpiId: 'tickets', binding: binding('support.tickets_open') }));

    const index = new MetricBindingIndex(opened.eventStore);
    expect((await index.bindingsOf('sales.closed_won_amount')).map((b) => b.goal)).toEqual([
      { kind: 'objective', id: 'emea', keyResultId: 'arr' },
      { kind: 'target', id: 'q-rita' },
    ]);
    expect((await index.bindingsOf('support.tickets_open')).map((b) => b.goal)).toEqual([{ kind: 'kpi', id: 'tickets' }]);
    expect(await index.bindingsOf('sales.pipeline_amount')).toEqual([]);
  });

  it('learns a binding recorded here at once, and one recorded by another instance when it catches up', async () => {
    const index = new MetricBindingIndex(opened.eventStore);
    await index.bindingsOf('finance.invoices_paid');
    index.learn({ kind: 'kpi', id: 'paid' }, [event('KpiBoundToMetric', { kpiId: 'paid', binding: binding('finance.invoices_paid') })]);
    expect((await index.bindingsOf('finance.invoices_paid')).map((b) => b.goal)).toEqual([{ kind: 'kpi', id: 'paid' }]);

    await append(goalStreams.kpi('overdue'), event('KpiBoundToMetric', { kpiId: 'overdue', binding: binding('finance.invoices_paid') }));
    await index.catchUp();
    expect((await index.bindingsOf('finance.invoices_paid')).map((b) => b.goal)).toEqual([
      { kind: 'kpi', id: 'paid' },
      { kind: 'kpi', id: 'overdue' },
    ]);
  });
});
