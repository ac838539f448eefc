import { InProcessBus } from '@okr/message-bus';
import { closedDeal, deliverDataPoints, SMALL_TEAM_ORG_CSV, GoalsTestService, startGoalsService } from '../goals/goals-test-service';
import { ReportingTestService, startReportingService } from './reporting-test-service';

/**
 * Reporting's side of a team number summed from fewer than minGroupSize (3) people: the unit
 * dashboard (key result, objective progress, KPI), the roll-up its department shows, the series,
 * the CSV export and the cycle comparison give a member no number to subtract their own from;
 * the lead and admins see it, and every member does once a third person contributes.
 */
describe('reporting a team number over fewer than three people', () => {
  let goals: GoalsTestService;
  let reporting: ReportingTestService;
  let admin: string;
  const bus = new InProcessBus();
  const post = (path: string, body: object) => goals.http.post(path).set('Authorization', `Bearer ${admin}`).send(body);

  const deal = closedDeal;

  /** Everything reporting answers a viewer about the team, as one text to search for a number. */
  const everything = async (viewer: string) => {
    const paths = [
      '/units/duo/cycles/fy27-q1/dashboard',
      '/units/acme/cycles/fy27-q1/dashboard',
      '/units/duo/cycles/fy27-q1/dashboard.csv',
      '/units/acme/cycles/fy27-q1/dashboard.csv',
      '/series/key-results/win/arr?points=3&to=2027-02-10T00:00:00Z',
      '/series/kpis/revenue?points=3&to=2027-02-10T00:00:00Z',
      '/units/duo/cycle-comparison?cycles=fy27-q1',
      '/units/acme/cycle-comparison?cycles=fy27-q1',
    ];
    const answers = await Promise.all(paths.map(async (path) => reporting.get(viewer, path)));
    for (const answer of answers) expect(answer.status).toBe(200);
    return answers.map((answer) => (answer.type === 'text/csv' ? answer.text : JSON.stringify(answer.body))).join('\n');
  };

  beforeAll(async () => {
    goals = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
    reporting = await startReportingService({ goals, bus, clock: goals.clock });
    admin = await goals.token('olivia', 'admin');
    const csv = SMALL_TEAM_ORG_CSV;
    await goals.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(csv).expect(200);
    await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
    await post('/objectives', { id: 'win', cycleId: 'fy27-q1', title: 'Win', owner: { type: 'team', id: 'duo' }, commitment: 'committed' }).expect(201);
    await post('/objectives/win/key-results', { id: 'arr', title: 'Closed-won', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase' }).expect(201);
    await post('/kpis', { id: 'revenue', unitId: 'duo', name: 'Revenue', unit: 'EUR', direction: 'stay-above', target: 40000 }).expect(201);
    const scope = { type: 'unit', unitId: 'duo', includeSubUnits: true };
    await post('/objectives/win/key-results/arr/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'sum', scope }).expect(201);
    await post('/kpis/revenue/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'sum', scope, window: 'all-time' }).expect(201);
    await deliverDataPoints(goals, '2027-02-02T10:00:00.000Z', [deal('opp-r', 'rita', 31337, '2027-02-01T09:00:00.000Z'), deal('opp-s', 'sam', 20000, '2027-02-02T09:00:00.000Z')], [reporting]);
    goals.clock.set('2027-02-10T00:00:00.000Z');
    await reporting.settled();
  });
  afterAll(async () => {
    await reporting.close();
    await goals.close();
  });

  it('with Rita’s and Sam’s deals, neither they nor Tom find the team number anywhere', async () => {
    for (const member of ['rita', 'sam', 'tom']) {
      const text = await everything(member);
      expect(text).not.toMatch(/51337|"health":"healthy"|,healthy,/);
      expect(text).toMatch(/fewer than 3 people/);
    }
    const duo = (await reporting.get('sam', '/units/duo/cycles/fy27-q1/dashboard')).body;
    expect(duo.objectives[0]).toMatchObject({ progress: null, keyResults: [expect.objectContaining({ value: null, progress: null, withheld: expect.stringContaining('fewer than 3') })] });
    expect(duo.kpis[0]).toMatchObject({ value: null, health: 'withheld' });
    const acme = (await reporting.get('sam', '/units/acme/cycles/fy27-q1/dashboard')).body;
    expect(acme.subUnits[0]).toMatchObject({ objectives: { count: 1, progress: null }, kpis: { withheld: 1, healthy: 0 } });
  });

  it('the lead and admins see the number everywhere', async () => {
    for (const [viewer, role] of [['lars', 'member'], ['olivia', 'admin']] as const) {
      const duo = (await reporting.get(viewer, '/units/duo/cycles/fy27-q1/dashboard', role)).body;
      expect(duo.objectives[0].keyResults[0]).toMatchObject({ value: 51337 });
      expect(duo.objectives[0].progress).toBeCloseTo(0.51337);
      expect(duo.kpis[0]).toMatchObject({ value: 51337, health: 'healthy' });
      expect((await reporting.get(viewer, '/units/duo/cycles/fy27-q1/dashboard.csv', role)).text).toMatch(/51337/);
      const series = (await reporting.get(viewer, '/series/kpis/revenue?points=2&from=2027-02-03T00:00:00Z&to=2027-02-10T00:00:00Z', role)).body;
      expect(series.points.map((p: { value: number }) => p.value)).toEqual([51337, 51337]);
    }
  });

  it('once Tom contributes, the three still do not see the team number (less their own, two people); the lead sees it and its series', async () => {
    await deliverDataPoints(goals, '2027-02-05T10:00:00.000Z', [deal('opp-t', 'tom', 10000, '2027-02-05T09:00:00.000Z')], [reporting]);
    goals.clock.set('2027-02-10T00:00:00.000Z');
    await reporting.settled();
    for (const member of ['rita', 'sam', 'tom']) {
      const duo = (await reporting.get(member, '/units/duo/cycles/fy27-q1/dashboard')).body;
      expect(duo.objectives[0].keyResults[0]).toMatchObject({ value: null });
      expect(duo.kpis[0]).toMatchObject({ health: 'withheld' });
      expect(JSON.stringify(duo)).not.toMatch(/61337/);
    }
    const duo = (await reporting.get('lars', '/units/duo/cycles/fy27-q1/dashboard')).body;
    expect(duo.objectives[0].keyResults[0]).toMatchObject({ value: 61337 });
    expect(duo.objectives[0].progress).toBeCloseTo(0.61337);
    expect(duo.kpis[0]).toMatchObject({ value: 61337, health: 'healthy' });
    const series = (await reporting.get('lars', '/series/key-results/win/arr?points=2&from=2027-02-03T00:00:00Z&to=2027-02-10T00:00:00Z')).body;
    expect(series.points.map((point: { value: number | null }) => point.value)).toEqual([31337 + 20000, 61337]);
  });
});
