import { EVENT_STORE, EventStore } from '@okr/event-store';
import fc from 'fast-check';
import { expectClientProblem, hostileCsvCells, hostileJsonValuesFor, hostilePathSegments, jsonWith, leafPaths, valueAt, WriteRoute, writeRoutesOf } from '../hostile-values';
import { GoalsTestService, startGoalsService } from './goals-test-service';

/**
 * Property: a well-formed request to any write route of goals, with one value replaced by one no
 * request may hold (a NUL, a lone surrogate, an endless string, an instant outside years 0001-9999,
 * 1e309, nesting 10,000 deep), in its body, path or query, is a 4xx problem and appends nothing.
 * The routes come from the OpenAPI document: a new write route fails until it has a request here.
 */
describe('values no request may hold, at every write route of goals', () => {
  let svc: GoalsTestService;
  let admin: string;
  let eventStore: EventStore;
  let routes: WriteRoute[];

  beforeAll(async () => {
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z' });
    admin = await svc.token('olivia', 'admin');
    eventStore = svc.app.get(EVENT_STORE);
    const send = (path: string, body: object) => svc.http.post(path).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    const lastYear = { effectiveAt: '2026-01-01T00:00:00.000Z' };
    await send('/org/units', { id: 'acme', name: 'Acme', kind: 'company', ...lastYear });
    await send('/org/units', { id: 'emea', name: 'EMEA', kind: 'team', parentId: 'acme', ...lastYear });
    await send('/org/people', { id: 'rita', name: 'Rita', email: 'rita@acme.test', ...lastYear });
    await send('/org/units/emea/members', { personId: 'rita', ...lastYear });
    await send('/cycles', { id: 'q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 });
    await send('/objectives', { id: 'o1', cycleId: 'q1', title: 'Grow', owner: { type: 'company', id: 'acme' }, commitment: 'committed' });
    await send('/objectives/o1/key-results', { id: 'k1', title: 'Revenue', kind: 'metric', start: 0, target: 10, unit: 'EUR', direction: 'increase' });
    await send('/kpis', { id: 'nps', unitId: 'emea', name: 'NPS', unit: 'points', direction: 'stay-above', target: 40 });
    await send('/targets', { id: 't1', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', targetValue: 100, unit: 'EUR' });
    routes = writeRoutesOf((await svc.http.get('/openapi.json')).body);
  });
  afterAll(() => svc.close());

  const head = async () => (await eventStore.readAll({ limit: 1_000_000 })).length;
  const dated = { effectiveAt: '2027-01-02T00:00:00Z' };
  const checkIn = { value: 5, confidence: 'on-track', note: 'two deals in', ...dated };
  /** A request each write route takes (its ids those set up above): the hostile value is the only thing wrong with it. */
  const wellFormed: Record<string, { url: string; body?: object }> = {
    'PUT /org/policy': { url: '/org/policy', body: { individualObjectives: 'warn', minGroupSize: 4, fiscalYearStartMonth: 1, ...dated } },
    'POST /org/units': { url: '/org/units', body: { id: 'west', name: 'West', kind: 'team', parentId: 'acme', ...dated } },
    'POST /org/units/{unitId}/rename': { url: '/org/units/emea/rename', body: { name: 'EMEA North', ...dated } },
    'POST /org/units/{unitId}/move': { url: '/org/units/emea/move', body: { parentId: 'acme', ...dated } },
    'POST /org/units/{unitId}/archive': { url: '/org/units/emea/archive' },
    'POST /org/people': { url: '/org/people', body: { id: 'sam', name: 'Sam', email: 'sam@acme.test', ...dated } },
    'POST /org/units/{unitId}/members': { url: '/org/units/acme/members', body: { personId: 'rita', ...dated } },
    'POST /org/units/{unitId}/leads': { url: '/org/units/emea/leads', body: { personId: 'rita', ...dated } },
    'POST /org/import': { url: '/org/import' },
    'POST /cycles': { url: '/cycles', body: { kind: 'custom', id: 'h1', name: 'First half', startsOn: '2027-01-01', endsOn: '2027-06-30', ...dated } },
    'POST /cycles/{cycleId}/close': { url: '/cycles/q1/close', body: { scoringRule: 'linear-v1', ...dated } },
    'POST /cycles/{cycleId}/score-amendments': { url: '/cycles/q1/score-amendments', body: { objectiveId: 'o1', keyResultId: 'k1', score: 0.5, reason: 'recount' } },
    'POST /objectives': { url: '/objectives', body: { id: 'o2', cycleId: 'q1', title: 'More', description: 'why', owner: { type: 'team', id: 'emea' }, commitment: 'committed', ...dated } },
    'POST /objectives/{objectiveId}/key-results': {
      url: '/objectives/o1/key-results',
      body: { id: 'k2', title: 'Deals', kind: 'metric', start: 0, target: 100, unit: 'deals', direction: 'increase', weight: 2, ...dated },
    },
    'PUT /objectives/{objectiveId}/key-results/{keyResultId}/weight': { url: '/objectives/o1/key-results/k1/weight', body: { weight: 3 } },
    'POST /objectives/{objectiveId}/alignments': { url: '/objectives/o1/alignments', body: { parentObjectiveId: 'o1' } },
    'POST /objectives/{objectiveId}/key-results/{keyResultId}/check-ins': { url: '/objectives/o1/key-results/k1/check-ins', body: checkIn },
    'POST /objectives/{objectiveId}/key-results/{keyResultId}/amendments': { url: '/objectives/o1/key-results/k1/amendments', body: { ...checkIn, reason: 'recount' } },
    'POST /objectives/{objectiveId}/archive': { url: '/objectives/o1/archive' },
    'POST /kpis': { url: '/kpis', body: { id: 'csat', unitId: 'emea', name: 'CSAT', unit: 'points', direction: 'within-band', band: { min: 1, max: 5 } } },
    'PUT /kpis/{kpiId}/goal': { url: '/kpis/nps/goal', body: { direction: 'within-band', band: { min: 30, max: 60 } } },
    'POST /kpis/{kpiId}/check-ins': { url: '/kpis/nps/check-ins', body: checkIn },
    'POST /kpis/{kpiId}/archive': { url: '/kpis/nps/archive' },
    'POST /targets': { url: '/targets', body: { id: 't2', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', targetValue: 1000, unit: 'EUR', ...dated } },
    'POST /targets/{targetId}/revisions': { url: '/targets/t1/revisions', body: { targetValue: 120, reason: 'territory grew' } },
    'POST /targets/{targetId}/check-ins': { url: '/targets/t1/check-ins', body: checkIn },
    'POST /targets/{targetId}/amendments': { url: '/targets/t1/amendments', body: { ...checkIn, reason: 'recount' } },
    'POST /objectives/{objectiveId}/key-results/{keyResultId}/metric-binding': {
      url: '/objectives/o1/key-results/k1/metric-binding',
      body: { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'emea' }, ...dated },
    },
    'POST /kpis/{kpiId}/metric-binding': { url: '/kpis/nps/metric-binding', body: { metric: 'survey.nps', aggregation: 'average', window: 'calendar-month', ...dated } },
    'POST /targets/{targetId}/metric-binding': { url: '/targets/t1/metric-binding', body: { aggregation: 'sum', ...dated } },
    'POST /objectives/{objectiveId}/key-results/{keyResultId}/pending-difference/{decision}': { url: '/objectives/o1/key-results/k1/pending-difference/accept', body: { reason: 'late deal' } },
    'POST /targets/{targetId}/pending-difference/{decision}': { url: '/targets/t1/pending-difference/reject', body: { reason: 'late deal' } },
  };
  const jsonRoutes = () => routes.filter((route) => !route.consumes.includes('text/csv')).map((route) => ({ ...route, request: wellFormed[`${route.method.toUpperCase()} ${route.path}`] }));
  const call = (method: string, url: string) => (svc.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method](url).set('Authorization', `Bearer ${admin}`);

  it('knows a well-formed request for every write route', () => {
    const listed = routes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(listed.length).toBeGreaterThan(30);
    expect(listed.filter((route) => !wellFormed[route])).toEqual([]);
    expect(Object.keys(wellFormed).filter((route) => !listed.includes(route))).toEqual([]);
  });

  it('answers a hostile value anywhere in a body with a 4xx problem naming it, and appends nothing', async () => {
    const before = await head();
    // A route that reads no body (an archive) is driven by its path and query alone: tried below.
    for (const route of jsonRoutes().filter((r) => r.consumes.length > 0)) {
      const body = route.request.body ?? {};
      const leaves = leafPaths(body);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: leaves.length - 1 }).chain((leaf) => fc.tuple(fc.constant(leaf), hostileJsonValuesFor(valueAt(body, leaves[leaf])))), async ([leaf, hostile]) => {
          const response = await call(route.method, route.request.url).set('Content-Type', 'application/json').send(jsonWith(body, leaves[leaf], hostile.json));
          expectClientProblem(response, `${route.method} ${route.request.url} with ${hostile.kind} at ${leaves[leaf].join('.') || '(body)'}`);
        }),
        { numRuns: 12 },
      );
    }
    expect(await head()).toBe(before);
  });

  it('answers a hostile id in a path, or a hostile effectiveAt in a query, with a 4xx problem, and appends nothing', async () => {
    const before = await head();
    for (const route of jsonRoutes().filter((r) => r.path.includes('{'))) {
      await fc.assert(
        fc.asyncProperty(hostilePathSegments, async (segment) => {
          const url = route.path.replace(/\{[^}]+\}/, segment).replace(/\{[^}]+\}/g, 'k1');
          expectClientProblem(await call(route.method, url).send(route.request.body ?? {}), `${route.method} ${url.slice(0, 80)}`);
        }),
        { numRuns: 4 },
      );
    }
    for (const url of ['/org/units/emea/archive', '/org/import']) {
      for (const effectiveAt of ['0000-06-01T00:00:00Z', 'a%00b']) expectClientProblem(await call('post', `${url}?effectiveAt=${effectiveAt}`).set('Content-Type', 'text/csv').send('type,id,name\nunit,x,X'), url);
    }
    expect(await head()).toBe(before);
  });

  it('rejects each organisation row holding a hostile value, as that row’s error, and appends nothing for it', async () => {
    const before = await head();
    // Every column of this file is text: numbers and instants out of range are text here.
    const textHostile = hostileCsvCells.filter((cell) => cell.kind === 'NUL' || cell.kind === 'endless string');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('id', 'name', 'email'), textHostile, async (column, hostile) => {
        const row: Record<string, string> = { type: 'person', id: 'pat', name: 'Pat', email: 'pat@acme.test', unit_id: 'emea' };
        row[column] = hostile.cell;
        const csv = ['type,id,name,email,unit_id', Object.values(row).join(',')].join('\n');
        const response = await call('post', '/org/import').set('Content-Type', 'text/csv').send(csv);
        expect({ hostile: hostile.kind, status: response.status, rejected: response.body.summary?.rejected }).toEqual({ hostile: hostile.kind, status: 200, rejected: 1 });
        expect(response.body.errors).toEqual([expect.objectContaining({ line: 2 })]);
      }),
      { numRuns: 15 },
    );
    expect(await head()).toBe(before);
  });
});
