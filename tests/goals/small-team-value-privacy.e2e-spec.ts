import { closedDeal, DataPoint, deliverDataPoints, SMALL_TEAM_ORG_CSV, GoalsTestService, startGoalsService } from './goals-test-service';

/**
 * A team number summed from fewer than minGroupSize (3) people must not let a member subtract their
 * own number and learn a colleague's: the key result, the objective's progress, the KPI and its
 * health, their time travel and lineage are withheld from members, shown to the lead and admins,
 * and to a member even once a third person contributes (less their own number, two colleagues').
 */
describe('a team number over fewer than three people', () => {
  let svc: GoalsTestService;
  let admin: string;
  let lead: string;
  let rita: string;
  let sam: string;
  let tom: string;

  beforeAll(async () => {
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z' });
    [admin, lead, rita, sam, tom] = await Promise.all([svc.token('olivia', 'admin'), svc.token('lars', 'member'), svc.token('rita', 'member'), svc.token('sam', 'member'), svc.token('tom', 'member')]);
  });
  afterAll(() => svc.close());

  const post = (token: string, path: string, body: object) => svc.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (token: string, path: string) => svc.http.get(path).set('Authorization', `Bearer ${token}`);

  const deal = closedDeal;

  const deliver = (now: string, ...points: DataPoint[]) => deliverDataPoints(svc, now, points);

  /** Everything a reader can get about the team's numbers, as one text to search for a colleague's number. */
  const everything = async (token: string, query = '') =>
    JSON.stringify(
      await Promise.all(
        [`/objectives/duo${query}`, `/kpis/duo-revenue${query}`, `/objectives/duo/key-results/arr/lineage${query}`, `/kpis/duo-revenue/lineage${query}`, '/objectives/duo/history', '/kpis/duo-revenue/history'].map(
          async (path) => (await get(token, path)).body,
        ),
      ),
    );

  it('sets up a team of three members with a bound key result and KPI', async () => {
    const csv = SMALL_TEAM_ORG_CSV;
    expect((await svc.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(csv)).status).toBe(200);
    expect((await post(admin, '/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 })).status).toBe(201);
    expect((await post(lead, '/objectives', { id: 'duo', cycleId: 'fy27-q1', title: 'Win', owner: { type: 'team', id: 'duo' }, commitment: 'committed' })).status).toBe(201);
    expect((await post(lead, '/objectives/duo/key-results', { id: 'arr', title: 'Closed-won', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase' })).status).toBe(201);
    expect((await post(admin, '/kpis', { id: 'duo-revenue', unitId: 'duo', name: 'Revenue', unit: 'EUR', direction: 'stay-above', target: 40000 })).status).toBe(201);
    const scope = { type: 'unit', unitId: 'duo', includeSubUnits: true };
    expect((await post(admin, '/objectives/duo/key-results/arr/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'sum', scope })).status).toBe(201);
    expect((await post(admin, '/kpis/duo-revenue/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'sum', scope, window: 'all-time' })).status).toBe(201);
  });

  it('with only Rita’s deal, no colleague learns her number; she sees it, as do the lead and admins', async () => {
    await deliver('2027-02-01T10:00:00.000Z', deal('opp-r', 'rita', 31337, '2027-02-01T09:00:00.000Z'));
    for (const colleague of [sam, tom]) {
      const objective = (await get(colleague, '/objectives/duo')).body;
      expect(objective.state.keyResults.arr).toMatchObject({ withheld: true, reason: expect.stringContaining('fewer than 3') });
      expect(objective.progress).toMatchObject({ withheld: true });
      expect((await get(colleague, '/kpis/duo-revenue')).body).toMatchObject({ withheld: true });
      expect(await everything(colleague)).not.toMatch(/31337|0\.31337|healthy/);
    }
    expect((await get(rita, '/objectives/duo')).body.state.keyResults.arr.currentValue).toBe(31337);
    expect((await get(lead, '/kpis/duo-revenue')).body).toMatchObject({ state: { currentValue: 31337 }, health: 'unhealthy' });
  });

  it('with Rita’s and Sam’s deals, each of them, and Tom, gets no number at all, now or back in time', async () => {
    await deliver('2027-02-02T10:00:00.000Z', deal('opp-s', 'sam', 20000, '2027-02-02T09:00:00.000Z'));
    for (const member of [rita, sam, tom]) {
      for (const query of ['', '?asOf=2027-02-03T00:00:00Z', '?knownAt=2027-02-03T00:00:00Z']) {
        const text = await everything(member, query);
        expect(text).not.toMatch(/51337|0\.51337|healthy/);
        expect(text).toMatch(/withheld/);
      }
    }
    // Sam sees his own row in the lineage, but not the total he would subtract it from, nor Rita's.
    const lineage = (await get(sam, '/objectives/duo/key-results/arr/lineage')).body;
    expect(lineage).not.toHaveProperty('value');
    expect(JSON.stringify(lineage)).not.toMatch(/31337|opp-r/);
    expect(JSON.stringify((await get(sam, '/objectives/duo/history')).body)).not.toMatch(/31337|opp-r/);

    for (const reader of [lead, admin]) {
      const objective = (await get(reader, '/objectives/duo')).body;
      expect(objective.state.keyResults.arr.currentValue).toBe(51337);
      expect(objective.progress.keyResults.arr).toBeCloseTo(0.51337);
      expect((await get(reader, '/kpis/duo-revenue')).body).toMatchObject({ state: { currentValue: 51337 }, health: 'healthy' });
      expect((await get(reader, '/kpis/duo-revenue/lineage')).body).toMatchObject({ value: 51337 });
    }
  });

  it('once a third person contributes, each of the three still does not see it (less their own, two people), the lead does', async () => {
    await deliver('2027-02-03T10:00:00.000Z', deal('opp-t', 'tom', 10000, '2027-02-03T09:00:00.000Z'));
    for (const member of [rita, sam, tom]) {
      const objective = (await get(member, '/objectives/duo')).body;
      expect(objective.state.keyResults.arr).toMatchObject({ withheld: true, reason: expect.stringContaining('fewer than 3 people you may not see') });
      expect((await get(member, '/kpis/duo-revenue')).body).toMatchObject({ withheld: true });
      expect(await everything(member)).not.toMatch(/61337|0\.61337/);
    }
    const objective = (await get(lead, '/objectives/duo')).body;
    expect(objective.state.keyResults.arr.currentValue).toBe(61337);
    expect(objective.progress.keyResults.arr).toBeCloseTo(0.61337);
    expect((await get(lead, '/kpis/duo-revenue')).body).toMatchObject({ state: { currentValue: 61337 }, health: 'healthy' });
  });
});
