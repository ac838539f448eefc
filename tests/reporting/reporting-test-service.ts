import { INestApplication } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { MessageBus } from '@okr/message-bus';
import { Clock, Role, signDevelopmentToken } from '@okr/service-kit';
import request from 'supertest';
import { reportingConfigSchema } from '../../apps/reporting/src/config/reporting.config';
import { GoalEventsProjection } from '../../apps/reporting/src/projections/goal-events.projection';
import { createReportingApp } from '../../apps/reporting/src/start-reporting';
import { GoalsTestService } from '../goals/goals-test-service';

const SECRET = 'reporting-test-secret-reporting-test-secret-01';

export interface ReportingTestService {
  app: INestApplication;
  http: ReturnType<typeof request.agent>;
  token(subject: string, role: Role): Promise<string>;
  /** GET with a bearer token for the person (admins: role admin). */
  get(subject: string, path: string, role?: Role): Promise<request.Response>;
  /** Resolves once reporting has applied every event the goals store holds. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The reporting service beside a goals test service, on the same bus (and, if asked, catching up from its store). */
export async function startReportingService(options: {
  goals: GoalsTestService;
  bus: MessageBus;
  clock: Clock;
  dataDir?: string;
  /** Read models in this MongoDB instead of the embedded read store. */
  mongodbUrl?: string;
  catchUpFromStore?: boolean;
  minGroupSize?: number;
}): Promise<ReportingTestService> {
  const goalsStore = options.goals.app.get<EventStore>(EVENT_STORE);
  const readStore = options.mongodbUrl ? { READ_STORE: 'mongodb', MONGODB_URL: options.mongodbUrl } : { READ_STORE: 'embedded' };
  const config = reportingConfigSchema.parse({ ...readStore, DATA_DIR: options.dataDir ?? 'memory://', JWT_SECRET: SECRET, MIN_GROUP_SIZE: options.minGroupSize });
  const app = await createReportingApp(config, { bus: options.bus, clock: options.clock, logLevel: 'silent', eventStore: options.catchUpFromStore ? goalsStore : undefined });
  await app.init();
  const http = request.agent(app.getHttpServer());
  const token = (subject: string, role: Role) => signDevelopmentToken({ secret: SECRET, subject, role });
  return {
    app,
    http,
    token,
    get: async (subject, path, role = 'member') => http.get(path).set('Authorization', `Bearer ${await token(subject, role)}`),
    settled: async () => {
      const projection = app.get(GoalEventsProjection);
      const deadline = Date.now() + 20_000;
      while ((await goalsStore.readAll({ fromPosition: projection.checkpoint, limit: 1 })).length > 0) {
        if (Date.now() > deadline) throw new Error(`reporting did not catch up: at ${projection.checkpoint}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => app.close(),
  };
}
