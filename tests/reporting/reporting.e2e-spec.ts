import { EVENT_STORE, EventStore } from '@okr/event-store';
import { InProcessBus } from '@okr/message-bus';
import { EmbeddedReadStore } from '@okr/read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoalHistories } from '../../apps/reporting/src/history/goal-histories';
import { GoalEventsProjection } from '../../apps/reporting/src/projections/goal-events.projection';
import { rebuildProjection } from '../../apps/reporting/src/projections/rebuild-projection';
import { GoalsTestService, startGoalsService } from '../goals/goals-test-service';
import { ReportingTestService, startReportingService } from './reporting-test-service';

const ORG_CSV = [
  'type,id,name,kind,parent_id,email,unit_id,lead',
  'unit,acme,Acme,company,,,,',
  'unit,sales,Sales,department,acme,,,',
  'unit,sales-emea,Sales EMEA,team,sales,,,',
  'unit,sales-us,Sales US,team,sales,,,',
  'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
  'person,dana,Dana Director,,,dana@acme.test,sales,yes',
  'person,lars,Lars Lead,,,lars@acme.test,sales-emea,yes',
  'person,rita,Rita Rep,,,rita@acme.test,sales-emea,',
  'person,sam,Sam Rep,,,sam@acme.test,sales-emea,',
  'person,tom,Tom Rep,,,tom@acme.test,sales-emea,',
  'person,nina,Nina Lead,,,nina@acme.test,sales-us,yes',
  'person,uma,Uma Rep,,,uma@acme.test,sales-us,',
  'person,vic,Vic Rep,,,vic@acme.test,sales-us,',
].join('\n');

const QUOTAS: [string, string, string, number][] = [
  ['q-rita', 'rita', 'sales-emea', 50000],
  ['q-sam', 'sam', 'sales-emea', 50000],
  ['q-tom', 'tom', 'sales-emea', 40000],
  ['q-uma', 'uma', 'sales-us', 60000],
  ['q-vic', 'vic', 'sales-us', 30000],
];

/**
 * Goals and reporting in one process on a shared in-process bus: a quarter recorded through the
 * goals API, read back from reporting now, as of and as known at past instants, and attacked by
 * viewers who must not see individual numbers.
 */
describe('reporting a quarter recorded in goals', () => {
  let goals: GoalsTestService;
  let reporting: ReportingTestService;
  let admin: string;
  const bus = new InProcessBus();

  const post = (path: string, body: unknown) => goals.http.post(path).set('Authorization', `Bearer ${admin}`).send(body as object);
  const dashboard = (viewer: string, unitId: string, query = '', role: 'member' | 'admin' = 'member') => reporting.get(viewer, `/units/${unitId}/cycles/fy27-q1/dashboard${query}`, role);

  beforeAll(async () => {
    goals = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
    reporting = await startReportingService({ goals, bus, clock: goals.clock });
    admin = await goals.token('olivia', 'admin');

    await goals.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(ORG_CSV).expect(200);
    await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
    await post('/objectives', { id: 'grow', cycleId: 'fy27-q1', title: 'Grow revenue', owner: { type: 'company', id: 'acme' }, commitment: 'committed' }).expect(201);
    await post('/objectives', { id: 'emea', cycleId: 'fy27-q1', title: 'Win EMEA', owner: { type: 'team', id: 'sales-emea' }, commitment: 'aspirational' }).expect(201);
    await post('/objectives/emea/key-results', { id: 'arr', title: 'New ARR', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase', weight: 3 }).expect(201);
    await post('/objectives/emea/key-results', { id: 'launch', title: 'Partner launch', kind: 'milestone', weight: 1 }).expect(201);
    await post('/kpis', { id: 'nps', unitId: 'sales-emea', name: 'NPS', unit: 'points', direction: 'stay-above', target: 40 }).expect(201);
    for (const [id, personId, unitId, targetValue] of QUOTAS) {
      await post('/targets', { id, personId, unitId, cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue, unit: 'EUR' }).expect(201);
    }

    goals.clock.set('2027-02-01T10:00:00.000Z');
    await post('/objectives/emea/key-results/arr/check-ins', { value: 30000, confidence: 'on-track' }).expect(201);
    await post('/kpis/nps/check-ins', { value: 45, confidence: 'on-track' }).expect(201);
    for (const [id, value] of [['q-rita', 45000], ['q-sam', 20000], ['q-tom', 50000], ['q-uma', 70000], ['q-vic', 10000]] as const) {
      await post(`/targets/${id}/check-ins`, { value, confidence: 'on-track' }).expect(201);
    }

    goals.clock.set('2027-03-10T10:00:00.000Z');
    await post('/objectives/emea/key-results/arr/check-ins', { value: 60000, confidence: 'at-risk', note: 'two deals slipped' }).expect(201);

    // Reported on 2 April, true on 30 March: late check-ins.
    goals.clock.set('2027-04-02T10:00:00.000Z');
    await post('/objectives/emea/key-results/arr/check-ins', { value: 90000, confidence: 'on-track', effectiveAt: '2027-03-30T12:00:00Z' }).expect(201);
    await post('/targets/q-rita/check-ins', { value: 55000, confidence: 'on-track', effectiveAt: '2027-03-30T12:00:00Z' }).expect(201);
    await reporting.settled();
  });
  afterAll(async () => {
    await reporting?.close();
    await goals?.close();
  });

  describe('what goals recorded is visible in reporting', () => {
    it('shows the organisation tree with leads and members', async () => {
      const res = await reporting.get('sam', '/org-tree');
      expect(res.status).toBe(200);
      const [acme] = res.body.units;
      expect(acme).toMatchObject({ id: 'acme', kind: 'company' });
      expect(acme.units[0]).toMatchObject({ id: 'sales', leads: [{ id: 'dana', name: 'Dana Director' }] });
      expect(acme.units[0].units.map((u: { id: string }) => u.id)).toEqual(['sales-emea', 'sales-us']);
    });

    it('answers a team dashboard now with the domain’s progress, KPI health and sources', async () => {
      const res = await dashboard('olivia', 'sales-emea', '', 'admin');
      expect(res.status).toBe(200);
      const [emea] = res.body.objectives;
      // arr: 90,000 of 100,000 (the late check-in is the latest in valid time); launch: not done. (3 × 0.9 + 1 × 0) / 4.
      // The quarter is over and 67.5 % is below 70 % of the time elapsed: at risk by the stated rule.
      expect(emea).toMatchObject({ id: 'emea', progress: 0.675, confidence: 'on-track', source: 'rolled-up', atRisk: ['progress 68 % with 100 % of the cycle elapsed'] });
      expect(emea.keyResults).toEqual([
        expect.objectContaining({ id: 'arr', value: 90000, progress: 0.9, source: 'manual', effectiveAt: '2027-03-30T12:00:00Z' }),
        expect.objectContaining({ id: 'launch', value: null, progress: 0, source: null }),
      ]);
      expect(res.body.kpis).toEqual([expect.objectContaining({ id: 'nps', value: 45, health: 'healthy', source: 'manual' })]);
      expect(res.body.targets.aggregates).toEqual([
        { metric: 'sales.closed_won_amount', unit: 'EUR', withheld: false, people: 3, totalTarget: 140000, totalAttained: 125000, attainment: 125000 / 140000, distribution: { atLeast80: 2, atLeast100: 2, atLeast120: 1 }, source: 'rolled-up' },
      ]);
      expect(res.body.targets.rows.map((r: { personId: string; value: number }) => [r.personId, r.value])).toEqual([['rita', 55000], ['sam', 20000], ['tom', 50000]]);
    });

    it('rolls the teams up into the department and the company', async () => {
      const res = await dashboard('olivia', 'acme', '', 'admin');
      expect(res.body.objectives.map((o: { id: string }) => o.id)).toEqual(['grow']);
      const [sales] = res.body.subUnits;
      expect(sales).toMatchObject({ unit: { id: 'sales' }, objectives: { count: 1, progress: 0.675, atRisk: 1, source: 'rolled-up' }, kpis: { healthy: 1, unhealthy: 0, noData: 0 } });
      expect(sales.targets[0]).toMatchObject({ people: 5, totalTarget: 230000, totalAttained: 205000 });
    });
  });

  it('reports its read store and bus ready, and documents its routes', async () => {
    const ready = await reporting.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toMatch(/read-store/);
    const openApi = await reporting.http.get('/openapi.json');
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining(['/org-tree', '/units/{unitId}/cycles/{cycleId}/dashboard', '/units/{unitId}/cycles/{cycleId}/dashboard.csv', '/series/targets/{targetId}', '/units/{unitId}/cycle-comparison']),
    );
  });

  describe('time travel', () => {
    it('answers what was believed on 31 March about the quarter (asOf and knownAt)', async () => {
      const res = await dashboard('olivia', 'sales-emea', '?asOf=2027-03-31T23:59:59Z&knownAt=2027-03-31T23:59:59Z', 'admin');
      expect(res.body.objectives[0].keyResults[0]).toMatchObject({ value: 60000, confidence: 'at-risk' });
      expect(res.body.objectives[0].progress).toBeCloseTo(0.45, 12);
      expect(res.body.atRisk).toEqual([expect.objectContaining({ objectiveId: 'emea', reasons: ['key result arr reported at-risk', 'progress 45 % with 100 % of the cycle elapsed'] })]);
      expect(res.body.targets.rows.find((r: { personId: string }) => r.personId === 'rita').value).toBe(45000);
    });

    it('answers what is now known the quarter really was (asOf alone)', async () => {
      const res = await dashboard('olivia', 'sales-emea', '?asOf=2027-03-31T23:59:59Z', 'admin');
      expect(res.body.objectives[0].keyResults[0]).toMatchObject({ value: 90000, confidence: 'on-track' });
      expect(res.body.targets.rows.find((r: { personId: string }) => r.personId === 'rita').value).toBe(55000);
    });

    it('answers mid-quarter and before anything was reported, and 404s before the cycle existed', async () => {
      expect((await dashboard('olivia', 'sales-emea', '?asOf=2027-02-15T00:00:00Z', 'admin')).body.objectives[0].keyResults[0].value).toBe(30000);
      expect((await dashboard('olivia', 'sales-emea', '?knownAt=2027-01-05T00:00:00Z', 'admin')).body.objectives[0].keyResults[0].value).toBeNull();
      const before = await dashboard('olivia', 'sales-emea', '?asOf=2027-01-02T00:00:00Z', 'admin');
      expect(before.status).toBe(404);
      expect(before.body.detail).toMatch(/did not exist at that time/);
    });

    it('charts a key result over the quarter, as known at a chosen instant', async () => {
      const res = await reporting.get('sam', '/series/key-results/emea/arr?from=2027-01-15T00:00:00Z&to=2027-03-31T00:00:00Z&points=3&knownAt=2027-03-31T23:59:59Z');
      expect(res.status).toBe(200);
      expect(res.body.points.map((p: { at: string; value: number | null }) => [p.at, p.value])).toEqual([
        ['2027-01-15T00:00:00.000Z', null],
        ['2027-02-21T12:00:00.000Z', 30000],
        ['2027-03-31T00:00:00.000Z', 60000],
      ]);
    });

    it('refuses an instant without a time zone, naming the parameter', async () => {
      const res = await dashboard('olivia', 'sales-emea', '?asOf=2027-03-31', 'admin');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'query.asOf' })]);
    });
  });

  describe('privacy of individual targets', () => {
    /** Values and names only others' rows hold (sam's own target, 50,000, equals rita's and may show). */
    const othersFigures = /\b(45000|55000|40000|70000|10000|60000|30000|rita|tom|uma|vic)\b/;

    it('shows a member only their own row, and withholds the team aggregate that the department figure would reveal the other team by', async () => {
      const res = await dashboard('sam', 'sales-emea');
      expect(res.body.targets.rows).toEqual([expect.objectContaining({ personId: 'sam', value: 20000 })]);
      // EMEA has three people: besides sam, two, too few to show him their sum.
      expect(res.body.targets.aggregates).toEqual([{ metric: 'sales.closed_won_amount', unit: 'EUR', withheld: true, reason: expect.stringMatching(/fewer than 3 people you may not see/) }]);
      expect(JSON.stringify(res.body.targets)).not.toMatch(othersFigures);
    });

    it('withholds the aggregate of a team of two from its own members, without numbers', async () => {
      const res = await dashboard('uma', 'sales-us');
      expect(res.body.targets.aggregates).toEqual([{ metric: 'sales.closed_won_amount', unit: 'EUR', withheld: true, reason: expect.stringMatching(/fewer than 3 people/) }]);
      expect(res.body.targets.rows.map((r: { personId: string }) => r.personId)).toEqual(['uma']);
    });

    it('gives a member the department aggregate but neither team’s', async () => {
      const res = await dashboard('sam', 'sales');
      expect(res.body.targets.aggregates[0]).toMatchObject({ withheld: false, people: 5, totalAttained: 205000 });
      expect(res.body.subUnits.map((s: { targets: { withheld: boolean }[] }) => s.targets[0].withheld)).toEqual([true, true]);
    });

    it('shows a lead their team’s rows but nothing a sibling team’s figures could be subtracted from', async () => {
      const res = await dashboard('lars', 'sales');
      expect(res.body.targets.rows.map((r: { personId: string }) => r.personId)).toEqual(['rita', 'sam', 'tom']);
      expect(res.body.targets.aggregates[0]).toMatchObject({ withheld: true });
      const [emea, us] = res.body.subUnits;
      expect(emea.targets[0]).toMatchObject({ withheld: false, people: 3 });
      expect(us.targets[0]).toMatchObject({ withheld: true });
      expect(JSON.stringify(res.body)).not.toMatch(/\b(uma|vic|70000|10000|205000|80000|60000|30000)\b/);
    });

    it('gives a sibling team’s lead the aggregate but no rows', async () => {
      const res = await dashboard('nina', 'sales-emea');
      expect(res.body.targets.rows).toEqual([]);
      expect(res.body.targets.aggregates[0]).toMatchObject({ withheld: false, people: 3, totalAttained: 125000 });
    });

    it('shows the department lead and admins every row', async () => {
      expect((await dashboard('dana', 'sales')).body.targets.rows).toHaveLength(5);
      expect((await dashboard('olivia', 'acme', '', 'admin')).body.targets.rows).toHaveLength(5);
    });

    it('sorting by attainment and travelling in time reveal nothing more', async () => {
      for (const query of ['?rows=-attainment', '?rows=attainment', '?asOf=2027-03-31T23:59:59Z&knownAt=2027-03-31T23:59:59Z', '?knownAt=2027-02-02T00:00:00Z']) {
        const res = await dashboard('sam', 'sales-emea', query);
        expect(res.status).toBe(200);
        expect(res.body.targets.rows.map((r: { personId: string }) => r.personId)).toEqual(['sam']);
        expect(res.body.targets.aggregates[0].withheld).toBe(true);
      }
    });

    it('refuses filters it does not know instead of applying them', async () => {
      const res = await dashboard('sam', 'sales-emea', '?personId=rita');
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/45000|55000/);
    });

    it('exports CSV under the same rules', async () => {
      const res = await reporting.get('sam', '/units/sales/cycles/fy27-q1/dashboard.csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.text).toMatch(/^section,unit,id,name,person,metric,value/);
      expect(res.text).toMatch(/target,sales-emea,q-sam,,sam,sales.closed_won_amount,20000,50000,0.4/);
      expect(res.text).toMatch(/withheld: fewer than 3 people/);
      expect(res.text).not.toMatch(othersFigures);
    });

    it('answers a chart of someone else’s target exactly as one of a target that does not exist', async () => {
      const hidden = await reporting.get('sam', '/series/targets/q-rita');
      const missing = await reporting.get('sam', '/series/targets/q-nobody');
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hidden.body.detail.replace('q-rita', 'X')).toBe(missing.body.detail.replace('q-nobody', 'X'));
      expect((await reporting.get('nina', '/series/targets/q-rita')).status).toBe(404);
      expect((await reporting.get('lars', '/series/targets/q-rita')).status).toBe(200);
      const own = await reporting.get('rita', '/series/targets/q-rita?points=2&from=2027-02-15T00:00:00Z&to=2027-03-31T00:00:00Z');
      expect(own.body.points.map((p: { value: number }) => p.value)).toEqual([45000, 55000]);
    });

    it('compares cycles under the same rules', async () => {
      const res = await reporting.get('sam', '/units/sales-emea/cycle-comparison?cycles=fy27-q1');
      expect(res.status).toBe(200);
      expect(res.body.cycles[0]).toMatchObject({ asOf: '2027-03-31T23:59:59.999Z', objectives: { count: 1, progress: 0.675 } });
      expect(res.body.cycles[0].targets[0].withheld).toBe(true);
    });
  });

  describe('rebuilds and catch-up', () => {
    const root = mkdtempSync(join(tmpdir(), 'okr-reporting-rebuild-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    const probes: [string, string, string, 'member' | 'admin'][] = [
      ['olivia', 'acme', '', 'admin'],
      ['olivia', 'sales-emea', '?asOf=2027-03-31T23:59:59Z&knownAt=2027-03-31T23:59:59Z', 'admin'],
      ['lars', 'sales', '?asOf=2027-03-31T23:59:59Z', 'member'],
      ['sam', 'sales', '?rows=-attainment', 'member'],
      ['nina', 'sales-emea', '?knownAt=2027-02-02T00:00:00Z', 'member'],
    ];
    const answers = async (service: ReportingTestService) =>
      Promise.all(probes.map(async ([viewer, unit, query, role]) => (await service.get(viewer, `/units/${unit}/cycles/fy27-q1/dashboard${query}`, role)).body));

    it('gives the same answers after a rebuild from the goals event store', async () => {
      const dataDir = join(root, 'rebuilt');
      const readStore = new EmbeddedReadStore(join(dataDir, 'reporting', 'read-models.ndjson'));
      const report = await rebuildProjection(goals.app.get<EventStore>(EVENT_STORE), readStore, new GoalEventsProjection(readStore, new GoalHistories()));
      expect(report.resumed).toBe(false);
      await readStore.close();

      // Started on the rebuilt read store alone: no bus traffic, no event store.
      const rebuilt = await startReportingService({ goals, bus: new InProcessBus(), clock: goals.clock, dataDir });
      try {
        expect(await answers(rebuilt)).toEqual(await answers(reporting));
      } finally {
        await rebuilt.close();
      }
    });

    it('catches up from the goals event store on start-up, then follows the bus', async () => {
      const lateBus = new InProcessBus();
      const late = await startReportingService({ goals, bus: lateBus, clock: goals.clock, catchUpFromStore: true });
      try {
        expect(await answers(late)).toEqual(await answers(reporting));
        // What the bus redelivers afterwards (everything, to a new consumer group) changes nothing.
        for (const message of bus.messages('goals.events.v1')) await lateBus.publish('goals.events.v1', [message]);
        const published = lateBus.messages('goals.events.v1').length;
        while (lateBus.offset('reporting', 'goals.events.v1') < published) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(await answers(late)).toEqual(await answers(reporting));
      } finally {
        await late.close();
      }
    });
  });
});
