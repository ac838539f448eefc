/**
 * Data points moving bound goals through the goals consumer, on the in-process bus with the
 * embedded store (PGlite in memory): 50 people in 5 teams, each data point moving the person's
 * target and the team's key result. Against a baseline measured in the same run: the raw batched
 * append of the same events, in the same shape (one write per batch to every goal it moves), through the event-store port.
 * Also the cost of one data point handled alone (one per call), as the consumer did before batches.
 * `npm run bench -- metric-contributions`
 */
import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage, NewEvent } from '@okr/contracts';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { InProcessBus } from '@okr/message-bus';
import { randomUUID } from 'node:crypto';
import { RecordMetricContributionHandler } from '../../apps/goals/src/commands/record-metric-contribution/record-metric-contribution.handler';
import { GoalsTestService, startGoalsService } from '../../tests/goals/goals-test-service';
import { machine, rate, timed } from '../machine';

const DATA_POINTS = 20_000;
const ONE_BY_ONE = 500;
const TEAMS = 5;
const PEOPLE_PER_TEAM = 10;
const PEOPLE = TEAMS * PEOPLE_PER_TEAM;
const BATCH = 500; // the consumer's batch size
const METRIC = 'sales.closed_won_amount';
const NOW = '2027-03-01T12:00:00.000Z';

const person = (n: number) => `rep-${n % PEOPLE}`;
const teamOf = (n: number) => `team-${(n % PEOPLE) % TEAMS}`;

function dataPoint(run: string, n: number): MetricDataPointMessage {
  const sourceRecordKey = `salesforce:${run}-opp-${n}:${METRIC}`;
  const occurredAt = new Date(Date.UTC(2027, 0, 2) + n * 60_000).toISOString();
  return {
    dataPointId: `${sourceRecordKey}@1`,
    metric: METRIC,
    subject: { type: 'person', id: person(n) },
    operation: 'upsert',
    value: 1000 + (n % 97),
    occurredAt,
    receivedAt: occurredAt,
    source: { system: 'salesforce', recordId: `${run}-opp-${n}`, changeId: `cdc-${run}-${n}` },
    sourceRecordKey,
    recordVersion: 1,
    actor: 'integration:salesforce',
    correlationId: `ingestion-${run}-${Math.floor(n / BATCH)}`,
  };
}

async function setUp(svc: GoalsTestService): Promise<void> {
  const admin = await svc.token('olivia', 'admin');
  const post = async (path: string, body: object | string, type = 'application/json') => {
    const response = await svc.http.post(path).set('Authorization', `Bearer ${admin}`).set('Content-Type', type).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  };
  const rows = ['type,id,name,kind,parent_id,email,unit_id,lead', 'unit,acme,Acme,company,,,,', 'person,olivia,Olivia Admin,,,olivia@acme.test,acme,'];
  for (let t = 0; t < TEAMS; t++) rows.push(`unit,team-${t},Team ${t},team,acme,,,`);
  for (let p = 0; p < PEOPLE; p++) rows.push(`person,${person(p)},Rep ${p},,,${person(p)}@acme.test,${teamOf(p)},`);
  await post('/org/import', rows.join('\n'), 'text/csv');
  await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 });
  for (let t = 0; t < TEAMS; t++) {
    await post('/objectives', { id: `win-${t}`, cycleId: 'fy27-q1', title: `Win ${t}`, owner: { type: 'team', id: `team-${t}` }, commitment: 'committed' });
    await post(`/objectives/win-${t}/key-results`, { id: 'arr', title: 'Closed-won', kind: 'metric', start: 0, target: 10_000_000, unit: 'EUR', direction: 'increase' });
    await post(`/objectives/win-${t}/key-results/arr/metric-binding`, { metric: METRIC, aggregation: 'sum', scope: { type: 'unit', unitId: `team-${t}`, includeSubUnits: true } });
  }
  for (let p = 0; p < PEOPLE; p++) {
    await post('/targets', { id: `q-${person(p)}`, personId: person(p), unitId: teamOf(p), cycleId: 'fy27-q1', metric: METRIC, targetValue: 1_000_000, unit: 'EUR' });
    await post(`/targets/q-${person(p)}/metric-binding`, { aggregation: 'sum' });
  }
}

/** The consumer: publish everything, wait until the goals group has acknowledged all of it. */
async function throughConsumer(svc: GoalsTestService, bus: InProcessBus, points: MetricDataPointMessage[]): Promise<number> {
  return timed(async () => {
    for (let start = 0; start < points.length; start += BATCH) {
      await bus.publish(METRIC_DATA_POINTS_TOPIC, points.slice(start, start + BATCH).map((value) => ({ key: value.sourceRecordKey, value })));
    }
    while (bus.offset('goals', METRIC_DATA_POINTS_TOPIC) < bus.messages(METRIC_DATA_POINTS_TOPIC).length) await new Promise((resolve) => setTimeout(resolve, 2));
  });
}

/** The same events appended raw, in the consumer's shape: per batch of data points, one write to the 55 goal streams. */
async function rawAppends(store: EventStore, count: number): Promise<number> {
  const run = randomUUID();
  const versions = new Map<string, number>();
  const event = (n: number): NewEvent => ({
    type: 'MetricContributionRecorded',
    data: { ...dataPoint(run, n), value: 1000 + (n % 97) } as unknown as Record<string, unknown>,
    metadata: { eventId: randomUUID(), actor: 'integration:salesforce', recordedAt: NOW, effectiveAt: NOW, correlationId: run, causationId: `${run}-${n}`, schemaVersion: 1 },
  });
  return timed(async () => {
    for (let start = 0; start < count; start += BATCH) {
      const perStream = new Map<string, NewEvent[]>();
      for (let n = start; n < Math.min(count, start + BATCH); n++) {
        for (const stream of [`raw-${run}-target-${person(n)}`, `raw-${run}-objective-${teamOf(n)}`]) {
          if (!perStream.has(stream)) perStream.set(stream, []);
          perStream.get(stream)!.push(event(n));
        }
      }
      const appends = [...perStream].map(([streamId, events]) => ({ streamId, events, expectedVersion: versions.get(streamId) ?? 0 }));
      const results = await store.appendToStreams(appends);
      appends.forEach(({ streamId }, i) => versions.set(streamId, results[i].nextExpectedVersion));
    }
  });
}

async function main() {
  const bus = new InProcessBus();
  const svc = await startGoalsService({ now: NOW, bus });
  try {
    await setUp(svc);
    const run = randomUUID();
    const points = Array.from({ length: DATA_POINTS }, (_, n) => dataPoint(run, n));
    const handler = svc.app.get(RecordMetricContributionHandler);
    const alone = Array.from({ length: ONE_BY_ONE }, (_, n) => dataPoint(`alone-${run}`, n));
    const oneByOneMs = await timed(async () => {
      for (const point of alone) await handler.recordAll([point]);
    });
    const consumerMs = await throughConsumer(svc, bus, points);
    const deadLetters = bus.messages(`${METRIC_DATA_POINTS_TOPIC}.dead-letter`).length;
    if (deadLetters) throw new Error(`${deadLetters} data points dead-lettered`);
    const redeliveryMs = await timed(() => handler.recordAll(points.slice(0, BATCH)));
    const rawMs = await rawAppends(svc.app.get<EventStore>(EVENT_STORE), DATA_POINTS);
    const events = DATA_POINTS * 2;
    console.log(
      [
        `Data points moving bound goals (goals consumer, in-process bus, embedded PGlite) on ${machine()}`,
        '',
        `${PEOPLE} people in ${TEAMS} teams; each data point moves the person's target and the team's key result (${events.toLocaleString('en')} events).`,
        '',
        '| measure | result |',
        '| --- | ---: |',
        `| ${DATA_POINTS.toLocaleString('en')} data points through the consumer (batches of ${BATCH}) | ${rate(DATA_POINTS, consumerMs).toLocaleString('en')} data points/s (${((consumerMs / DATA_POINTS) * 1000).toFixed(0)} µs each) |`,
        `| baseline: the same ${events.toLocaleString('en')} events appended raw through the event-store port, one write per ${BATCH} | ${rate(DATA_POINTS, rawMs).toLocaleString('en')} data points/s (${rate(events, rawMs).toLocaleString('en')} events/s) |`,
        `| consumer against raw appends | ${((rawMs / consumerMs) * 100).toFixed(0)} % |`,
        `| one data point per call (${ONE_BY_ONE}, as before batches) | ${(oneByOneMs / ONE_BY_ONE).toFixed(2)} ms each (${rate(ONE_BY_ONE, oneByOneMs).toLocaleString('en')} data points/s) |`,
        `| a batch of ${BATCH} delivered again (changes nothing) | ${redeliveryMs.toFixed(0)} ms |`,
      ].join('\n'),
    );
  } finally {
    await svc.close();
    await bus.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
