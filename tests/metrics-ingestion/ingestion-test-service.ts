import { INestApplication } from '@nestjs/common';
import { METRIC_DATA_POINTS_TOPIC, MetricDataPointMessage } from '@okr/contracts';
import { SqlClient } from '@okr/event-store';
import { InProcessBus, MessageBus } from '@okr/message-bus';
import { Role, signDevelopmentToken } from '@okr/service-kit';
import request from 'supertest';
import { ingestionConfigSchema } from '../../apps/metrics-ingestion/src/config/ingestion.config';
import { DataPointsPublisher } from '../../apps/metrics-ingestion/src/publishing/data-points.publisher';
import { createIngestionApp } from '../../apps/metrics-ingestion/src/start-ingestion';
import { ManualClock } from '@okr/testing';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
const SECRET = TEST_JWT_SECRET;
export const WEBHOOK_SECRET = 'billing-webhook-secret-0123456789';

export interface IngestionTestService {
  app: INestApplication;
  http: ReturnType<typeof request.agent>;
  clock: ManualClock;
  bus: MessageBus;
  /** Bearer tokens: an admin, and the integration token of a source. */
  admin: string;
  integration: string;
  /** Waits until everything accepted so far is on the bus, then returns what the bus holds. */
  published(): Promise<MetricDataPointMessage[]>;
  close(): Promise<void>;
}

/** The ingestion service on embedded defaults (an in-memory PGlite unless given a database) and the in-process bus. */
export async function startIngestionService(options: { now: string; bus?: MessageBus; sql?: SqlClient; env?: Record<string, string> }): Promise<IngestionTestService> {
  const clock = new ManualClock(new Date(options.now));
  const bus = options.bus ?? new InProcessBus();
  const config = ingestionConfigSchema.parse({ STORE: 'embedded', DATA_DIR: 'memory://', JWT_SECRET: SECRET, WEBHOOK_SECRETS: `billing=${WEBHOOK_SECRET}`, ...options.env });
  const app = await createIngestionApp(config, { clock, logLevel: 'silent', bus, sql: options.sql });
  await app.init();
  return {
    app,
    http: request.agent(app.getHttpServer()),
    clock,
    bus,
    admin: await signDevelopmentToken({ secret: SECRET, subject: 'olivia', role: 'admin' as Role }),
    integration: await signDevelopmentToken({ secret: SECRET, subject: 'integration:crm', role: 'integration' as Role }),
    async published() {
      await app.get(DataPointsPublisher).caughtUp();
      return (bus as InProcessBus).messages(METRIC_DATA_POINTS_TOPIC).map((message) => message.value as MetricDataPointMessage);
    },
    close: () => app.close(),
  };
}

/** The sum of every record's current value per subject: what a consumer applying the stream would hold. */
export function totalsBySubject(messages: MetricDataPointMessage[], metric: string): Record<string, number> {
  const current = new Map<string, { version: number; subject: string; value: number }>();
  for (const message of messages) {
    if (message.metric !== metric) continue;
    const seen = current.get(message.sourceRecordKey);
    if (seen && seen.version >= message.recordVersion) continue;
    current.set(message.sourceRecordKey, { version: message.recordVersion, subject: message.subject.id, value: message.operation === 'upsert' ? message.value! : 0 });
  }
  const totals: Record<string, number> = {};
  for (const { subject, value } of current.values()) totals[subject] = (totals[subject] ?? 0) + value;
  return Object.fromEntries(Object.entries(totals).filter(([, value]) => value !== 0).sort(([a], [b]) => a.localeCompare(b)));
}
