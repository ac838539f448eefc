import { INestApplication } from '@nestjs/common';
import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage } from '@okr/contracts';
import { METRIC_INDEX } from '@okr/metric-ledger';
import { InProcessBus, MessageBus } from '@okr/message-bus';
import { Role, signDevelopmentToken } from '@okr/service-kit';
import { ManualClock } from '@okr/testing';
import request from 'supertest';
import { goalsConfigSchema } from '../../apps/goals/src/config/goals.config';
import { createGoalsApp } from '../../apps/goals/src/start-goals';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface GoalsTestService {
  app: INestApplication;
  http: ReturnType<typeof request.agent>;
  clock: ManualClock;
  /** The bus it consumes facts from: its own in-process bus unless it was given one. */
  bus: MessageBus;
  token(subject: string, role: Role): Promise<string>;
  close(): Promise<void>;
}

/** The goals service in embedded mode (an in-memory PGlite), driven over HTTP; alone, its metric index is fed by the bus only. */
/** jwtSecret: another signing secret, e.g. the development secret a reporting service beside it signs the web app's tokens with. */
export async function startGoalsService(options: { now: string; dataDir?: string; bus?: MessageBus; jwtSecret?: string }): Promise<GoalsTestService> {
  const clock = new ManualClock(new Date(options.now));
  const secret = options.jwtSecret ?? SECRET;
  const config = goalsConfigSchema.parse({ EVENT_STORE: 'embedded', DATA_DIR: options.dataDir ?? 'memory://', JWT_SECRET: secret });
  const bus = options.bus ?? new InProcessBus();
  const app = await createGoalsApp(config, { clock, logLevel: 'silent', bus });
  await app.init();
  return {
    app,
    http: request.agent(app.getHttpServer()),
    clock,
    bus,
    token: (subject, role) => signDevelopmentToken({ secret, subject, role }),
    close: async () => {
      await app.close();
      if (!options.bus) await bus.close();
    },
  };
}

/** A fact as a test writes it: metrics-ingestion's ledger gives it its position. */
export type DataPoint = Omit<MetricDataPointMessage, 'position'>;

/** The ledger positions the facts published on a bus took so far: dense from 1, as the ledger gives them. */
const positions = new WeakMap<MessageBus, number>();

/**
 * Publishes facts on the service's bus at its `now`, as metrics-ingestion would (the next ledger positions,
 * in order), and waits until the metric index of every given app holds them all, none dead-lettered.
 * Returns the messages as published, positions included (to deliver them again).
 */
export async function deliverDataPoints(
  svc: GoalsTestService,
  now: string,
  points: DataPoint[],
  alsoTo: { app: INestApplication }[] = [],
): Promise<MetricDataPointMessage[]> {
  return redeliverDataPoints(svc, now, [], points, alsoTo);
}

/**
 * Delivers again facts already published (Kafka delivers at least once: the same positions), then
 * `points` as new facts, and waits until the index holds the new ones: the bus hands a consumer
 * its messages in order, so the repeated ones were handled before them.
 */
export async function redeliverDataPoints(
  svc: GoalsTestService,
  now: string,
  again: readonly MetricDataPointMessage[],
  points: DataPoint[],
  alsoTo: { app: INestApplication }[] = [],
): Promise<MetricDataPointMessage[]> {
  if (points.length === 0) throw new Error('give at least one new fact: waiting for it tells that the repeated ones were handled');
  const bus = svc.bus;
  if (!(bus instanceof InProcessBus)) throw new Error('facts are delivered on the in-process bus: start the service without a bus, or with an InProcessBus');
  svc.clock.set(now);
  const first = (positions.get(bus) ?? 0) + 1;
  const messages: MetricDataPointMessage[] = points.map((point, i) => ({ ...point, position: first + i }));
  positions.set(bus, first + points.length - 1);
  await bus.publish(METRIC_DATA_POINTS_TOPIC, [...again, ...messages].map((value) => ({ key: value.sourceRecordKey, value })));
  for (const { app } of [svc, ...alsoTo]) await indexHolds(app, first + points.length - 1);
  expect(bus.messages(`${METRIC_DATA_POINTS_TOPIC}.dead-letter`)).toEqual([]);
  return messages;
}

/** Resolves once the app's metric index holds every ledger position up to `position`. */
export async function indexHolds(app: INestApplication, position: number): Promise<void> {
  const index = app.get<{ watermark: number }>(METRIC_INDEX);
  for (let waited = 0; index.watermark < position && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(index.watermark).toBeGreaterThanOrEqual(position);
}

/** A deal one person closed in a CRM, as metrics-ingestion publishes its first version. */
export function closedDeal(opportunity: string, person: string, value: number, occurredAt: string): DataPoint {
  const sourceRecordKey = `crm:${opportunity}:sales.closed_won_amount`;
  return {
    dataPointId: `${sourceRecordKey}@1`,
    metric: 'sales.closed_won_amount',
    subject: { type: 'person', id: person },
    operation: 'upsert',
    value,
    occurredAt,
    receivedAt: occurredAt,
    source: { system: 'crm', recordId: opportunity },
    sourceRecordKey,
    recordVersion: 1,
    actor: 'integration:crm',
    correlationId: `batch-${occurredAt}`,
  };
}

/** An organisation with one team, Duo: Lars leads Rita, Sam and Tom; Olivia is an admin. */
export const SMALL_TEAM_ORG_CSV = [
  'type,id,name,kind,parent_id,email,unit_id,lead',
  'unit,acme,Acme,company,,,,',
  'unit,duo,Duo,team,acme,,,',
  'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
  'person,lars,Lars Lead,,,lars@acme.test,duo,yes',
  'person,rita,Rita Rep,,,rita@acme.test,duo,',
  'person,sam,Sam Rep,,,sam@acme.test,duo,',
  'person,tom,Tom Rep,,,tom@acme.test,duo,',
].join('\n');
