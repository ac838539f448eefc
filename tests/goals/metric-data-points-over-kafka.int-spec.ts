import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage } from '@okr/contracts';
import { KafkaBus } from '@okr/message-bus';
import { describeWithDependency, KAFKA } from '@okr/testing';
import { randomUUID } from 'node:crypto';
import { startGoalsService } from './goals-test-service';

describeWithDependency('data points over Kafka', KAFKA, (brokers) => {
  it('move a bound target once, however often Kafka delivers them', async () => {
    // A topic and group of this run's own on the shared broker.
    const topicPrefix = `test-${randomUUID().slice(0, 8)}.`;
    const goalsBus = new KafkaBus({ brokers: brokers.split(','), clientId: 'goals-test', topicPrefix });
    const ingestionBus = new KafkaBus({ brokers: brokers.split(','), clientId: 'ingestion-test', topicPrefix });
    const svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus: goalsBus, metricsConsumerGroup: `goals-${randomUUID()}` });
    try {
      const admin = await svc.token('olivia', 'admin');
      const post = (path: string, body: object) => svc.http.post(path).set('Authorization', `Bearer ${admin}`).send(body);
      await post('/org/units', { id: 'acme', name: 'Acme', kind: 'company' }).expect(201);
      await post('/org/units', { id: 'emea', name: 'EMEA', kind: 'team', parentId: 'acme' }).expect(201);
      await post('/org/people', { id: 'rita', name: 'Rita', email: 'rita@acme.test' }).expect(201);
      await post('/org/units/emea/members', { personId: 'rita' }).expect(201);
      await post('/cycles', { id: 'q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
      await post('/targets', { id: 'q-rita', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' }).expect(201);
      await post('/targets/q-rita/metric-binding', { aggregation: 'sum' }).expect(201);

      const point: MetricDataPointMessage = {
        dataPointId: 'salesforce:opp-1:sales.closed_won_amount@1',
        metric: 'sales.closed_won_amount',
        subject: { type: 'person', id: 'rita' },
        operation: 'upsert',
        value: 12000,
        occurredAt: '2027-01-04T08:00:00.000Z',
        receivedAt: '2027-01-04T08:30:00.000Z',
        source: { system: 'salesforce', recordId: 'opp-1' },
        sourceRecordKey: 'salesforce:opp-1:sales.closed_won_amount',
        recordVersion: 1,
        actor: 'integration:salesforce',
        correlationId: 'batch-1',
      };
      await ingestionBus.publish(METRIC_DATA_POINTS_TOPIC, [point, point].map((value) => ({ key: value.sourceRecordKey, value })));
      const contributions = async () =>
        (await svc.http.get('/targets/q-rita/history').set('Authorization', `Bearer ${admin}`)).body.events.filter((e: { type: string }) => e.type === 'MetricContributionRecorded');
      const deadline = Date.now() + 30_000;
      while ((await contributions()).length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const target = await svc.http.get('/targets/q-rita').set('Authorization', `Bearer ${admin}`);
      expect(target.body.state.currentValue).toBe(12000);
      expect(await contributions()).toEqual([expect.objectContaining({ actor: 'integration:salesforce', causationId: point.dataPointId, effectiveAt: point.occurredAt })]);
    } finally {
      await svc.close();
      await goalsBus.close();
      await ingestionBus.close();
    }
  });
});
