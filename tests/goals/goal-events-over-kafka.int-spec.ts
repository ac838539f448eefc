import { GOAL_EVENTS_TOPIC, goalEventMessageSchema, GoalEventMessage } from '@okr/contracts';
import { KafkaBus } from '@okr/message-bus';
import { describeWithDependency, KAFKA } from '@okr/testing';
import { randomUUID } from 'node:crypto';
import { GoalEventsPublisher } from '../../apps/goals/src/publishing/goal-events.publisher';
import { startGoalsService } from './goals-test-service';

describeWithDependency('goal events over Kafka', KAFKA, (brokers) => {
  it('reach a consumer group on goals.events.v1, validated, keyed by stream', async () => {
    const publisherBus = new KafkaBus({ brokers: brokers.split(','), clientId: 'goals-test' });
    const consumerBus = new KafkaBus({ brokers: brokers.split(','), clientId: 'reporting-test' });
    const svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus: publisherBus });
    const unitId = `acme-${randomUUID().slice(0, 8)}`;
    const received: GoalEventMessage[] = [];
    const consumer = await consumerBus.consume({
      topic: GOAL_EVENTS_TOPIC,
      group: `reporting-${randomUUID()}`,
      schema: goalEventMessageSchema,
      handle: async (m) => void (m.value.data.unitId === unitId && received.push(m.value)),
    });
    try {
      const admin = await svc.token('olivia', 'admin');
      await svc.http.post('/org/units').set('Authorization', `Bearer ${admin}`).send({ id: unitId, name: 'Acme', kind: 'company' }).expect(201);
      await svc.app.get(GoalEventsPublisher).caughtUp();
      const deadline = Date.now() + 30_000;
      while (received.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(received).toEqual([expect.objectContaining({ streamId: 'organization', type: 'UnitCreated', data: expect.objectContaining({ unitId }) })]);
    } finally {
      await consumer.stop();
      await svc.close();
      await publisherBus.close();
      await consumerBus.close();
    }
  });
});
