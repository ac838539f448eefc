import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage } from '@okr/contracts';
import { METRIC_INDEX } from '@okr/metric-ledger';
import { KafkaBus } from '@okr/message-bus';
import { describeWithDependency, KAFKA } from '@okr/testing';
import { randomUUID } from 'node:crypto';
import { startGoalsService } from './goals-test-service';

describeWithDependency('facts over Kafka', KAFKA, (brokers) => {
  it('reach the goals service’s metric index and move a bound target once, however often Kafka delivers them', async () => {
    // A topic of this run's own on the shared broker (the service's metric-index group is its own already).
    const topicPrefix = `test-${randomUUID().slice(0, 8)}.`;
    const goalsBus = new KafkaBus({ brokers: brokers.split(','), clientId: 'goals-test', topicPrefix });
    const ingestionBus = new KafkaBus({ brokers: brokers.split(','), clientId: 'ingestion-test', topicPrefix });
    const svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus: goalsBus });
    try {
      const admin = await svc.token('olivia', 'admin');
      const post = (path: string, body: object) => svc.http.post(path).set('Authorization', `Bearer ${admin}`).send(body);
      const target = async () => (await svc.http.get('/targets/q-rita').set('Authorization', `Bearer ${admin}`)).body;
      await post('/org/units', { id: 'acme', name: 'Acme', kind: 'company' }).expect(201);
      await post('/org/units', { id: 'emea', name: 'EMEA', kind: 'team', parentId: 'acme' }).expect(201);
      await post('/org/people', { id: 'rita', name: 'Rita', email: 'rita@acme.test' }).expect(201);
      await post('/org/units/emea/members', { personId: 'rita' }).expect(201);
      await post('/cycles', { id: 'q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
      await post('/targets', { id: 'q-rita', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' }).expect(201);
      await post('/targets/q-rita/metric-binding', { aggregation: 'sum' }).expect(201);
      const versionBefore = (await target()).version;

      const deal = (opportunity: string, position: number, value: number, occurredAt: string): MetricDataPointMessage => ({
        dataPointId: `salesforce:${opportunity}:sales.closed_won_amount@1`,
        metric: 'sales.closed_won_amount',
        subject: { type: 'person', id: 'rita' },
        operation: 'upsert',
        value,
        occurredAt,
        receivedAt: '2027-01-04T08:30:00.000Z',
        source: { system: 'salesforce', recordId: opportunity },
        sourceRecordKey: `salesforce:${opportunity}:sales.closed_won_amount`,
        recordVersion: 1,
        actor: 'integration:salesforce',
        correlationId: 'batch-1',
        position,
      });
      const facts = [deal('opp-1', 1, 12000, '2027-01-03T08:00:00.000Z'), deal('opp-2', 2, 3000, '2027-01-04T08:00:00.000Z')];

      // The service's group starts at the topic's end once it has joined: until then a publish may
      // land before it (alone, without a ledger, nothing would repair that), so publish again until
      // the index holds both. Every publish after the first is a redelivery of the same positions.
      const index = svc.app.get<{ watermark: number }>(METRIC_INDEX);
      let deliveries = 0;
      for (const deadline = Date.now() + 60_000; index.watermark < 2 && Date.now() < deadline; ) {
        await ingestionBus.publish(METRIC_DATA_POINTS_TOPIC, [...facts, facts[0]].map((value) => ({ key: value.sourceRecordKey, value })));
        deliveries++;
        for (const until = Date.now() + 3_000; index.watermark < 2 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
      }
      expect(index.watermark).toBe(2);
      // Once more for good measure, after it held them: still counted once.
      await ingestionBus.publish(METRIC_DATA_POINTS_TOPIC, facts.map((value) => ({ key: value.sourceRecordKey, value })));
      await new Promise((r) => setTimeout(r, 1_000));

      expect(deliveries).toBeGreaterThanOrEqual(1);
      const bound = await target();
      expect(bound.state.currentValue).toBe(15000);
      expect(bound.attainment).toMatchObject({ value: 15000, againstOriginal: 0.3 });
      // Facts are not goal changes: the target's stream did not grow.
      expect(bound.version).toBe(versionBefore);
      const lineage = (await svc.http.get('/targets/q-rita/lineage').set('Authorization', `Bearer ${admin}`)).body;
      expect(lineage.records.map((r: { ledgerPosition: number }) => r.ledgerPosition)).toEqual([1, 2]);
    } finally {
      await svc.close();
      await goalsBus.close();
      await ingestionBus.close();
    }
  });
});
