import { EVENT_STORE, EventStore } from '@okr/event-store';
import fc from 'fast-check';
import { GoalsTestService, startGoalsService } from './goals-test-service';

/**
 * Property: whatever malformed body, id or query value reaches any endpoint, the answer is a
 * problem document with a 4xx status, never a 5xx, and nothing is appended to the event store.
 * The routes come from the service's own OpenAPI document, so a new endpoint is covered at once.
 */
describe('malformed requests to every endpoint', () => {
  let svc: GoalsTestService;
  let admin: string;
  let eventStore: EventStore;
  let routes: { method: string; path: string; hasJsonBody: boolean; hasQuery: boolean; effectiveAt?: 'body' | 'query' }[];

  beforeAll(async () => {
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z' });
    admin = await svc.token('olivia', 'admin');
    eventStore = svc.app.get(EVENT_STORE);
    // Something to address, so ids that exist are exercised too: an organisation dated back a
    // year, a closed cycle (for amendments) and an open one, each with goals.
    const send = (method: 'post' | 'put', path: string, body: object) => svc.http[method](path).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    const lastYear = { effectiveAt: '2026-01-01T00:00:00.000Z' };
    const lastQuarter = { effectiveAt: '2026-10-01T00:00:00.000Z' };
    await send('post', '/org/units', { id: 'acme', name: 'Acme', kind: 'company', ...lastYear });
    await send('post', '/org/units', { id: 'sales', name: 'Sales', kind: 'department', parentId: 'acme', ...lastYear });
    await send('post', '/org/units', { id: 'emea', name: 'EMEA', kind: 'team', parentId: 'sales', ...lastYear });
    await send('post', '/org/people', { id: 'rita', name: 'Rita', email: 'rita@acme.test', ...lastYear });
    await send('post', '/org/units/emea/members', { personId: 'rita', ...lastYear });
    await send('post', '/org/units/emea/leads', { personId: 'rita', ...lastYear });
    await send('post', '/cycles', { id: 'q0', kind: 'quarter', fiscalYear: 2026, quarter: 4, ...lastQuarter });
    await send('post', '/objectives', { id: 'o0', cycleId: 'q0', title: 'Grew', owner: { type: 'company', id: 'acme' }, commitment: 'committed', ...lastQuarter });
    await send('post', '/objectives/o0/key-results', { id: 'k0', title: 'Revenue', kind: 'metric', start: 0, target: 10, unit: 'EUR', direction: 'increase', ...lastQuarter });
    await send('post', '/targets', { id: 't0', personId: 'rita', unitId: 'emea', cycleId: 'q0', metric: 'sales.closed_won_amount', targetValue: 100, unit: 'EUR', ...lastQuarter });
    await send('post', '/cycles/q0/close', {});
    await send('post', '/cycles', { id: 'q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 });
    await send('post', '/objectives', { id: 'o1', cycleId: 'q1', title: 'Grow', owner: { type: 'company', id: 'acme' }, commitment: 'committed' });
    await send('post', '/objectives/o1/key-results', { id: 'k1', title: 'Revenue', kind: 'metric', start: 0, target: 10, unit: 'EUR', direction: 'increase' });
    await send('post', '/kpis', { id: 'nps', unitId: 'emea', name: 'NPS', unit: 'points', direction: 'stay-above', target: 40 });
    await send('post', '/targets', { id: 't1', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', targetValue: 100, unit: 'EUR' });
    const document = (await svc.http.get('/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: unknown }> }; parameters?: { in: string; name: string }[] }>>;
    };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => {
        const json = operation.requestBody?.content['application/json'];
        const effectiveAtInQuery = !!operation.parameters?.some((p) => p.in === 'query' && p.name === 'effectiveAt');
        return {
          method,
          path,
          hasJsonBody: !!json,
          hasQuery: !!operation.parameters?.some((p) => p.in === 'query'),
          effectiveAt: effectiveAtInQuery ? 'query' : JSON.stringify(json?.schema ?? {}).includes('"effectiveAt"') ? 'body' : undefined,
        };
      }),
    );
  });
  afterAll(() => svc.close());

  const head = async () => (await eventStore.readAll({ limit: 1_000_000 })).length;
  const existingIds = fc.constantFrom('acme', 'emea', 'rita', 'q0', 'q1', 'o0', 'o1', 'k1', 'nps', 't1', 'nobody');
  const badIds = fc.oneof(
    fc.string({ minLength: 1, maxLength: 8 }).map((s) => `bad id ${s}`),
    fc.string({ minLength: 129, maxLength: 200 }).map((s) => `x${s.replace(/[^a-z]/g, 'a')}`),
    fc.constantFrom('-leading-dash', 'ünïcödé', 'a/b', '..', 'id?x=1', '%00'),
  );
  const nonObjects = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }));
  const objectsWithUnknownField = fc.dictionary(fc.string({ maxLength: 10 }), fc.anything(), { maxKeys: 4 }).map((o) => ({ ...o, __unexpected: true }));
  const wrongTypes = fc.record({ id: fc.anything(), name: fc.integer(), title: fc.array(fc.integer()), value: fc.string(), kind: fc.integer() }).map((o) => ({ ...o, __unexpected: 1 }));
  const notJson = fc.string({ maxLength: 40 }).map((s) => `{${s}`);
  const badInstants = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('2027-13-01T00:00:00Z', '2027-03-31', 'yesterday', '2027-03-31T25:00:00Z', '1e9'));

  const fill = (path: string, id: () => string) => path.replace(/\{[^}]+\}/g, () => encodeURIComponent(id()));

  async function send(method: string, url: string, body?: { json?: unknown; raw?: string }) {
    const request = (svc.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method](url).set('Authorization', `Bearer ${admin}`);
    if (body?.raw !== undefined) return request.set('Content-Type', 'application/json').send(body.raw);
    if (body && 'json' in body) return request.set('Content-Type', 'application/json').send(JSON.stringify(body.json));
    return request;
  }

  function expectProblem(response: import('supertest').Response, what: string) {
    const context = `${what} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`;
    expect({ context, ok: response.status >= 400 && response.status < 500 }).toEqual({ context, ok: true });
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.status).toBe(response.status);
    expect(typeof response.body.title).toBe('string');
  }

  it('found the endpoints to try', () => expect(routes.length).toBeGreaterThan(30));

  it('answers a bad id anywhere in a path with a 4xx problem and records nothing', async () => {
    const before = await head();
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      await fc.assert(
        fc.asyncProperty(fc.array(badIds, { minLength: 4, maxLength: 4 }), async (ids) => {
          let i = 0;
          const url = fill(route.path, () => ids[i++ % ids.length]);
          expectProblem(await send(route.method, url, route.hasJsonBody ? { json: {} } : undefined), `${route.method} ${url}`);
        }),
        { numRuns: 15 },
      );
    }
    expect(await head()).toBe(before);
  });

  it('answers a malformed body with a 4xx problem and records nothing', async () => {
    const before = await head();
    for (const route of routes.filter((r) => r.hasJsonBody)) {
      await fc.assert(
        fc.asyncProperty(
          existingIds,
          fc.oneof(nonObjects.map((json) => ({ json })), objectsWithUnknownField.map((json) => ({ json })), wrongTypes.map((json) => ({ json })), notJson.map((raw) => ({ raw }))),
          async (id, body) => {
            const url = fill(route.path, () => id);
            expectProblem(await send(route.method, url, body), `${route.method} ${url} with ${JSON.stringify(body).slice(0, 100)}`);
          },
        ),
        { numRuns: 25 },
      );
    }
    expect(await head()).toBe(before);
  });

  it('answers a malformed asOf, knownAt or effectiveAt in a query with a 4xx problem and records nothing', async () => {
    const before = await head();
    for (const route of routes.filter((r) => r.hasQuery)) {
      await fc.assert(
        fc.asyncProperty(existingIds, fc.constantFrom('asOf', 'knownAt', 'effectiveAt', 'unknownParameter'), badInstants, async (id, name, value) => {
          const url = `${fill(route.path, () => id)}?${name}=${encodeURIComponent(value)}`;
          expectProblem(await send(route.method, url), `${route.method} ${url}`);
        }),
        { numRuns: 25 },
      );
    }
    expect(await head()).toBe(before);
  });

  /**
   * A request each route that takes effectiveAt would accept when dated now, on the goals set up
   * above: so a refusal is the date's, not some other rule's. A new route that takes effectiveAt
   * fails the first test below until it has one here.
   */
  const ORG_CSV = ['type,id,name,kind,parent_id,email,unit_id,lead', 'unit,west,West,team,sales,,,'].join('\n');
  const datedRequests: Record<string, { url: string; body?: object; csv?: string }> = {
    'PUT /org/policy': { url: '/org/policy', body: { minGroupSize: 4 } },
    'POST /org/units': { url: '/org/units', body: { id: 'west', name: 'West', kind: 'team', parentId: 'sales' } },
    'POST /org/units/{unitId}/rename': { url: '/org/units/emea/rename', body: { name: 'EMEA North' } },
    'POST /org/units/{unitId}/move': { url: '/org/units/emea/move', body: { parentId: 'acme' } },
    'POST /org/units/{unitId}/archive': { url: '/org/units/emea/archive' },
    'POST /org/people': { url: '/org/people', body: { id: 'sam', name: 'Sam', email: 'sam@acme.test' } },
    'POST /org/units/{unitId}/members': { url: '/org/units/sales/members', body: { personId: 'rita' } },
    'DELETE /org/units/{unitId}/members/{personId}': { url: '/org/units/emea/members/rita' },
    'POST /org/units/{unitId}/leads': { url: '/org/units/sales/leads', body: { personId: 'rita' } },
    'DELETE /org/units/{unitId}/leads/{personId}': { url: '/org/units/emea/leads/rita' },
    'POST /org/import': { url: '/org/import', csv: ORG_CSV },
    'POST /cycles': { url: '/cycles', body: { id: 'q2', kind: 'quarter', fiscalYear: 2027, quarter: 2 } },
    'POST /cycles/{cycleId}/close': { url: '/cycles/q1/close', body: { scoringRule: 'linear-v1' } },
    'POST /objectives': { url: '/objectives', body: { id: 'o2', cycleId: 'q1', title: 'More', owner: { type: 'team', id: 'emea' }, commitment: 'committed' } },
    'POST /objectives/{objectiveId}/key-results': { url: '/objectives/o1/key-results', body: { id: 'k2', title: 'Launch', kind: 'milestone' } },
    'POST /objectives/{objectiveId}/key-results/{keyResultId}/check-ins': { url: '/objectives/o1/key-results/k1/check-ins', body: { value: 5, confidence: 'on-track' } },
    'POST /objectives/{objectiveId}/key-results/{keyResultId}/amendments': { url: '/objectives/o0/key-results/k0/amendments', body: { value: 5, confidence: 'on-track', reason: 'recount' } },
    'POST /kpis': { url: '/kpis', body: { id: 'csat', unitId: 'emea', name: 'CSAT', unit: 'points', direction: 'stay-above', target: 4 } },
    'POST /kpis/{kpiId}/check-ins': { url: '/kpis/nps/check-ins', body: { value: 41, confidence: 'on-track' } },
    'POST /targets': { url: '/targets', body: { id: 't2', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', targetValue: 1000, unit: 'EUR' } },
    'POST /targets/{targetId}/check-ins': { url: '/targets/t1/check-ins', body: { value: 5, confidence: 'on-track' } },
    'POST /targets/{targetId}/amendments': { url: '/targets/t0/amendments', body: { value: 5, confidence: 'on-track', reason: 'recount' } },
    'POST /objectives/{objectiveId}/key-results/{keyResultId}/metric-binding': {
      url: '/objectives/o1/key-results/k1/metric-binding',
      body: { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'emea' } },
    },
    'POST /kpis/{kpiId}/metric-binding': { url: '/kpis/nps/metric-binding', body: { metric: 'survey.nps', aggregation: 'average', window: 'calendar-month' } },
    'POST /targets/{targetId}/metric-binding': { url: '/targets/t1/metric-binding', body: { aggregation: 'sum' } },
  };
  const dated = () => routes.filter((r) => r.effectiveAt).map((r) => ({ ...r, request: datedRequests[`${r.method.toUpperCase()} ${r.path}`] }));

  async function sendDated(route: ReturnType<typeof dated>[number], effectiveAt: string) {
    const { url, body, csv } = route.request;
    const inQuery = route.effectiveAt === 'query';
    const request = (svc.http as unknown as Record<string, (url: string) => import('supertest').Test>)[route.method](inQuery ? `${url}?effectiveAt=${encodeURIComponent(effectiveAt)}` : url).set('Authorization', `Bearer ${admin}`);
    if (csv !== undefined) return request.set('Content-Type', 'text/csv').send(csv);
    return request.send(inQuery ? (body ?? {}) : { ...body, effectiveAt });
  }

  it('knows a well-formed request for every route that takes effectiveAt', () => {
    const routesWithEffectiveAt = dated().map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(routesWithEffectiveAt.length).toBeGreaterThanOrEqual(20);
    expect(routesWithEffectiveAt.filter((r) => !datedRequests[r])).toEqual([]);
    expect(Object.keys(datedRequests).filter((r) => !routesWithEffectiveAt.includes(r))).toEqual([]);
  });

  it('refuses any change dated in the future with 422 naming effectiveAt, and records nothing', async () => {
    const before = await head();
    const futureInstants = fc.date({ min: new Date('2027-01-04T09:00:00.001Z'), max: new Date('2999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString());
    for (const route of dated()) {
      await fc.assert(
        fc.asyncProperty(futureInstants, async (effectiveAt) => {
          const response = await sendDated(route, effectiveAt);
          const context = `${route.method} ${route.request.url} dated ${effectiveAt} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`;
          expect({ context, status: response.status, errors: response.body.errors }).toEqual({
            context,
            status: 422,
            errors: [expect.objectContaining({ field: 'effectiveAt', reason: expect.stringMatching(/future/) })],
          });
          expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        }),
        { numRuns: 5 },
      );
    }
    expect(await head()).toBe(before);
  });

  it('answers a malformed effectiveAt with 400 naming it, and records nothing', async () => {
    const before = await head();
    for (const route of dated()) {
      await fc.assert(
        fc.asyncProperty(badInstants, async (effectiveAt) => {
          const response = await sendDated(route, effectiveAt);
          expectProblem(response, `${route.method} ${route.request.url} dated ${JSON.stringify(effectiveAt)}`);
          expect(response.body.errors).toEqual([expect.objectContaining({ field: `${route.effectiveAt}.effectiveAt` })]);
        }),
        { numRuns: 10 },
      );
    }
    expect(await head()).toBe(before);
  });

  it('answers a CSV upload that is not an organisation file with a 4xx problem and records nothing', async () => {
    const before = await head();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const response = await svc.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(`nonsense,header\n${text}`);
        expectProblem(response, `CSV ${JSON.stringify(text).slice(0, 60)}`);
      }),
      { numRuns: 50 },
    );
    expect(await head()).toBe(before);
  });
});
