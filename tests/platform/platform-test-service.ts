import { OpenedSqlEventStore } from '@okr/event-store';
import { MessageBus } from '@okr/message-bus';
import { Role, signDevelopmentToken } from '@okr/service-kit';
import request from 'supertest';
import { RunningPlatform, startPlatform } from '../../apps/platform/src/start-platform';

const SECRET = 'platform-test-secret-platform-test-secret-0123';
export const WEBHOOK_SECRET = 'billing-webhook-secret-0123456789';

export interface PlatformTestService {
  platform: RunningPlatform;
  /** One HTTP client per service, on the ports the platform listens on. */
  goals: ReturnType<typeof request>;
  ingestion: ReturnType<typeof request>;
  reporting: ReturnType<typeof request>;
  token(subject: string, role: Role): Promise<string>;
  /** Defines a metric wherever the ingestion OpenAPI document says metric definitions live. */
  defineMetric(key: string, body: { name: string; unit: string }): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole platform as `npm start` runs it (one process, embedded PGlite, in-process bus), driven
 * over HTTP only; in memory unless given a data directory, on another bus if given one (its owner closes it).
 */
export async function startPlatformForTest(options: { dataDir?: string; bus?: MessageBus; store?: OpenedSqlEventStore; env?: Record<string, string> } = {}): Promise<PlatformTestService> {
  // Three consecutive ports, picked at random so parallel runs rarely meet: 28000-32499, apart from
  // the multi-process suites' and below the ephemeral range (32768 and up) outgoing connections use.
  const port = 28_000 + Math.floor(Math.random() * 1_500) * 3;
  const platform = await startPlatform(
    { PORT: String(port), DATA_DIR: options.dataDir ?? 'memory://', JWT_SECRET: SECRET, WEBHOOK_SECRETS: `billing=${WEBHOOK_SECRET}`, MIN_GROUP_SIZE: '3', ...options.env },
    { logLevel: 'silent', bus: options.bus, store: options.store },
  );
  const client = (servicePort: number) => request(`http://127.0.0.1:${servicePort}`);
  const ingestion = client(platform.ports.ingestion);
  const token = (subject: string, role: Role) => signDevelopmentToken({ secret: SECRET, subject, role });
  return {
    platform,
    goals: client(platform.ports.goals),
    ingestion,
    reporting: client(platform.ports.reporting),
    token,
    defineMetric: async (key, body) => defineMetric(ingestion, await token('olivia', 'admin'), key, body),
    close: () => platform.close(),
  };
}

/** Defines a metric on an ingestion service wherever its OpenAPI document says metric definitions live. */
export async function defineMetric(ingestion: ReturnType<typeof request>, adminToken: string, key: string, body: { name: string; unit: string }): Promise<void> {
  const paths = Object.entries((await ingestion.get('/openapi.json').expect(200)).body.paths as Record<string, Record<string, unknown>>);
  const definition = paths.find(([path, operations]) => /^\/metric(s|-definitions)\/\{[^}]+\}$/.test(path) && operations.put);
  if (!definition) throw new Error('the ingestion OpenAPI document lists no PUT route for metric definitions');
  await ingestion.put(definition[0].replace(/\{[^}]+\}/, encodeURIComponent(key))).set('Authorization', `Bearer ${adminToken}`).send(body).expect(200);
}

/**
 * Fakes Date only, from `now` on: the platform takes its time from the system clock, so a test sets
 * it to each change's moment (that is when the platform learns of it, which `knownAt` reads back)
 * while its timers, sockets and database run in real time. Undo with jest.useRealTimers().
 */
export function fakeDateFrom(now: string): void {
  jest.useFakeTimers({
    now: new Date(now),
    advanceTimers: true,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
}

/**
 * Retries an assertion until it holds or the deadline passes, then fails with its last error: the
 * services hand data on asynchronously, and a test waits for what a user would see, never a fixed time.
 */
export async function eventually<T>(assertion: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export const CLOSED_WON = 'sales.closed_won_amount';

export interface SalesTeam {
  id: string;
  lead: string;
  reps: readonly string[];
}

/**
 * An organisation with a sales department of teams, a quarter, and in each team a quota per rep
 * and a key result on the team objective (id `win-<team>`, key result `closed-won`), all bound to
 * the closed-won metric, which ingestion is told about. The admin is olivia, the department lead dana.
 * `effectiveAt`: all of it true since then (a past quarter set up today), else since now.
 * `teamKeyResults: false`: the quotas alone are bound.
 */
export async function setUpBoundSalesTeams(
  svc: PlatformTestService,
  options: { cycle: { id: string; fiscalYear: number; quarter: number }; teams: readonly SalesTeam[]; quota: number; effectiveAt?: string; teamKeyResults?: boolean },
) {
  const since = options.effectiveAt ? { effectiveAt: options.effectiveAt } : {};
  const admin = () => svc.token('olivia', 'admin');
  const post = async (path: string, body: object) => svc.goals.post(path).set('Authorization', `Bearer ${await admin()}`).send({ ...body, ...since }).expect(201);
  const orgCsv = [
    'type,id,name,kind,parent_id,email,unit_id,lead',
    'unit,acme,Acme,company,,,,',
    'unit,sales,Sales,department,acme,,,',
    ...options.teams.map((team) => `unit,${team.id},Team ${team.id},team,sales,,,`),
    'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
    'person,dana,Dana Director,,,dana@acme.test,sales,yes',
    ...options.teams.flatMap((team) => [`person,${team.lead},Lead ${team.lead},,,${team.lead}@acme.test,${team.id},yes`, ...team.reps.map((rep) => `person,${rep},Rep ${rep},,,${rep}@acme.test,${team.id},`)]),
  ].join('\n');
  await svc.goals.post('/org/import').query(since).set('Authorization', `Bearer ${await admin()}`).set('Content-Type', 'text/csv').send(orgCsv).expect(200);
  const { id: cycleId, fiscalYear, quarter } = options.cycle;
  await post('/cycles', { id: cycleId, kind: 'quarter', fiscalYear, quarter });
  for (const team of options.teams) {
    await post('/objectives', { id: `win-${team.id}`, cycleId, title: `Win with ${team.id}`, owner: { type: 'team', id: team.id }, commitment: 'committed' });
    await post(`/objectives/win-${team.id}/key-results`, { id: 'closed-won', title: 'Closed-won revenue', kind: 'metric', start: 0, target: options.quota * team.reps.length, unit: 'EUR', direction: 'increase' });
    if (options.teamKeyResults !== false) await post(`/objectives/win-${team.id}/key-results/closed-won/metric-binding`, { metric: CLOSED_WON, aggregation: 'sum', scope: { type: 'unit', unitId: team.id, includeSubUnits: true } });
    for (const rep of team.reps) {
      await post('/targets', { id: `q-${rep}`, personId: rep, unitId: team.id, cycleId, metric: CLOSED_WON, targetValue: options.quota, unit: 'EUR' });
      await post(`/targets/q-${rep}/metric-binding`, { aggregation: 'sum' });
    }
  }
  await svc.defineMetric(CLOSED_WON, { name: 'Closed-won amount', unit: 'EUR' });
}
