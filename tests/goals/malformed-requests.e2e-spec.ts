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
  let routes: { method: string; path: string; hasJsonBody: boolean; hasQuery: boolean }[];

  beforeAll(async () => {
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z' });
    admin = await svc.token('olivia', 'admin');
    eventStore = svc.app.get(EVENT_STORE);
    // Something to address, so ids that exist are exercised too.
    await svc.http.post('/org/units').set('Authorization', `Bearer ${admin}`).send({ id: 'acme', name: 'Acme', kind: 'company' }).expect(201);
    await svc.http.post('/cycles').set('Authorization', `Bearer ${admin}`).send({ id: 'q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
    await svc.http
      .post('/objectives')
      .set('Authorization', `Bearer ${admin}`)
      .send({ id: 'o1', cycleId: 'q1', title: 'Grow', owner: { type: 'company', id: 'acme' }, commitment: 'committed' })
      .expect(201);
    const document = (await svc.http.get('/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; parameters?: { in: string }[] }>> };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method,
        path,
        hasJsonBody: !!operation.requestBody?.content['application/json'],
        hasQuery: !!operation.parameters?.some((p) => p.in === 'query'),
      })),
    );
  });
  afterAll(() => svc.close());

  const head = async () => (await eventStore.readAll({ limit: 1_000_000 })).length;
  const existingIds = fc.constantFrom('acme', 'q1', 'o1', 'nobody');
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

  it('answers a malformed asOf or knownAt with a 4xx problem', async () => {
    for (const route of routes.filter((r) => r.hasQuery)) {
      await fc.assert(
        fc.asyncProperty(existingIds, fc.constantFrom('asOf', 'knownAt', 'unknownParameter'), badInstants, async (id, name, value) => {
          const url = `${fill(route.path, () => id)}?${name}=${encodeURIComponent(value)}`;
          expectProblem(await send(route.method, url), `${route.method} ${url}`);
        }),
        { numRuns: 25 },
      );
    }
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
