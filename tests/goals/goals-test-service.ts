import { INestApplication } from '@nestjs/common';
import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage } from '@okr/contracts';
import { InProcessBus, MessageBus } from '@okr/message-bus';
import { Clock, Role, signDevelopmentToken } from '@okr/service-kit';
import request from 'supertest';
import { goalsConfigSchema } from '../../apps/goals/src/config/goals.config';
import { createGoalsApp } from '../../apps/goals/src/start-goals';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** A clock the test moves, so recordedAt (transaction time) is known exactly. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string): void {
    this.current = new Date(instant);
  }
}

export interface GoalsTestService {
  app: INestApplication;
  http: ReturnType<typeof request.agent>;
  clock: ManualClock;
  token(subject: string, role: Role): Promise<string>;
  close(): Promise<void>;
}

/** The goals service in embedded mode (an in-memory PGlite), driven over HTTP. */
/** metricsConsumerGroup: a group of its own on a shared Kafka broker, so other runs' goals services do not take its data points. */
export async function startGoalsService(options: { now: string; dataDir?: string; bus?: MessageBus; metricsConsumerGroup?: string }): Promise<GoalsTestService> {
  const clock = new ManualClock(new Date(options.now));
  const config = goalsConfigSchema.parse({ EVENT_STORE: 'embedded', DATA_DIR: options.dataDir ?? 'memory://', JWT_SECRET: SECRET });
  const app = await createGoalsApp(config, { clock, logLevel: 'silent', bus: options.bus, metricsConsumerGroup: options.metricsConsumerGroup });
  await app.init();
  return {
    app,
    http: request.agent(app.getHttpServer()),
    clock,
    token: (subject, role) => signDevelopmentToken({ secret: SECRET, subject, role }),
    close: () => app.close(),
  };
}

/** Publishes data points at the service's `now` and waits until the goals consumer has handled everything on the topic, none dead-lettered. */
export async function deliverDataPoints(svc: GoalsTestService, bus: InProcessBus, now: string, points: MetricDataPointMessage[]): Promise<void> {
  svc.clock.set(now);
  await bus.publish(METRIC_DATA_POINTS_TOPIC, points.map((value) => ({ key: value.sourceRecordKey, value })));
  const handledAll = () => bus.offset('goals', METRIC_DATA_POINTS_TOPIC) === bus.messages(METRIC_DATA_POINTS_TOPIC).length;
  for (let waited = 0; !handledAll() && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(handledAll()).toBe(true);
  expect(bus.messages(`${METRIC_DATA_POINTS_TOPIC}.dead-letter`)).toEqual([]);
}

/** A deal one person closed in a CRM, as metrics-ingestion publishes its first version. */
export function closedDeal(opportunity: string, person: string, value: number, occurredAt: string): MetricDataPointMessage {
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
