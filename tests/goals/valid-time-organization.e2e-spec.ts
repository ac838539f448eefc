import { closedDeal, deliverDataPoints, GoalsTestService, startGoalsService } from './goals-test-service';

/**
 * Valid time for the organisation: a company that starts today sets up last quarter (units,
 * people, memberships, leads, its cycle, objectives and a quota, all dated back) and imports the
 * quarter's CRM history; every read then answers as the organisation was at the instant asked.
 *
 * - A unit's bound number counts each member's facts for the days they were a member: Rita moved
 *   from North to South on 15 February, so her deals before then count in North, after in South.
 * - As known before the move was recorded, her deals still count in North: what the dashboard showed then.
 * - A department over both teams counts her once, whichever team she was in, and Nils, in both, once.
 * - A change dated back so that it contradicts a later one already recorded is refused, naming it.
 * - Nothing can take effect in the future.
 */
describe('the organisation in valid time', () => {
  const TODAY = '2027-04-05T09:00:00.000Z';
  const Q1_START = '2027-01-01T00:00:00.000Z';
  const MOVE = '2027-02-15T00:00:00.000Z';
  const FACTS_IMPORTED = '2027-04-05T10:00:00.000Z';
  const MOVE_RECORDED = '2027-04-06T09:00:00.000Z';
  const END_OF_Q1 = '2027-03-31T23:59:59.000Z';

  let svc: GoalsTestService;
  let admin: string;
  let lars: string;

  beforeAll(async () => {
    svc = await startGoalsService({ now: TODAY });
    [admin, lars] = await Promise.all([svc.token('olivia', 'admin'), svc.token('lars', 'member')]);
  });
  afterAll(() => svc.close());

  const post = (path: string, body: object, token = admin) => svc.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
  const del = (path: string) => svc.http.delete(path).set('Authorization', `Bearer ${admin}`);
  const get = (path: string, token = admin) => svc.http.get(path).set('Authorization', `Bearer ${token}`);
  const org = async (query = '') => (await get(`/org${query}`)).body;
  const teamValue = async (team: string, query = '') => (await get(`/objectives/${team}${query}`)).body.state.keyResults.arr.currentValue;

  it('sets up last quarter today: units, people, memberships, leads, the cycle, objectives and a quota, all dated 1 January', async () => {
    const back = { effectiveAt: Q1_START };
    for (const unit of [
      { id: 'acme', name: 'Acme', kind: 'company' },
      { id: 'sales', name: 'Sales', kind: 'department', parentId: 'acme' },
      { id: 'north', name: 'North', kind: 'team', parentId: 'sales' },
      { id: 'south', name: 'South', kind: 'team', parentId: 'sales' },
    ]) {
      expect((await post('/org/units', { ...unit, ...back })).status).toBe(201);
    }
    for (const [id, name] of [['lars', 'Lars Lead'], ['rita', 'Rita Rep'], ['nils', 'Nils Rep'], ['sven', 'Sven Rep']]) {
      expect((await post('/org/people', { id, name, email: `${id}@acme.test`, ...back })).status).toBe(201);
    }
    // Nils works for both teams.
    for (const [unit, person] of [['north', 'rita'], ['north', 'nils'], ['south', 'sven'], ['south', 'nils']]) {
      expect((await post(`/org/units/${unit}/members`, { personId: person, ...back })).status).toBe(201);
    }
    expect((await post('/org/units/north/leads', { personId: 'lars', ...back })).status).toBe(201);
    expect((await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1, ...back })).status).toBe(201);

    const bind = (scope: object) => ({ metric: 'sales.closed_won_amount', aggregation: 'sum', scope, ...back });
    for (const [id, owner] of [['north', { type: 'team', id: 'north' }], ['south', { type: 'team', id: 'south' }], ['sales', { type: 'department', id: 'sales' }]] as const) {
      expect((await post('/objectives', { id, cycleId: 'fy27-q1', title: `Win ${id}`, owner, commitment: 'committed', ...back })).status).toBe(201);
      expect((await post(`/objectives/${id}/key-results`, { id: 'arr', title: 'Closed-won', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase', ...back })).status).toBe(201);
      expect((await post(`/objectives/${id}/key-results/arr/metric-binding`, bind({ type: 'unit', unitId: owner.id, includeSubUnits: true }))).status).toBe(201);
    }
    expect((await post('/targets', { id: 'q-rita', personId: 'rita', unitId: 'north', cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue: 60000, unit: 'EUR', ...back })).status).toBe(201);
    expect((await post('/targets/q-rita/metric-binding', { aggregation: 'sum', ...back })).status).toBe(201);

    // Last quarter's CRM history, imported today.
    const imported = (opportunity: string, person: string, value: number, occurredAt: string) => ({ ...closedDeal(opportunity, person, value, occurredAt), receivedAt: FACTS_IMPORTED });
    await deliverDataPoints(svc, FACTS_IMPORTED, [
      imported('r-jan', 'rita', 10000, '2027-01-20T10:00:00.000Z'),
      imported('n-feb', 'nils', 5000, '2027-02-01T10:00:00.000Z'),
      imported('r-feb', 'rita', 20000, '2027-02-10T10:00:00.000Z'),
      imported('s-feb', 'sven', 7000, '2027-02-20T10:00:00.000Z'),
      imported('r-mar', 'rita', 40000, '2027-03-10T10:00:00.000Z'),
    ]);
  });

  it('answers the organisation as it was: nothing before 1 January, the teams and their lead after', async () => {
    const before = await org('?asOf=2026-12-31T23:59:59.000Z');
    expect(before.state.units).toEqual({});
    expect(before.state.people).toEqual({});

    const january = await org('?asOf=2027-01-15T00:00:00.000Z');
    expect(Object.keys(january.state.units).sort()).toEqual(['acme', 'north', 'sales', 'south']);
    expect(january.state.units.north).toMatchObject({ parentId: 'sales', members: ['rita', 'nils'], leads: ['lars'] });
    expect(january.state.units.south).toMatchObject({ members: ['sven', 'nils'], leads: [] });
    expect(Object.keys(january.state.people).sort()).toEqual(['lars', 'nils', 'rita', 'sven']);

    // The cycle and the goals existed as of then too, though recorded today.
    expect((await get('/cycles/fy27-q1?asOf=2027-01-15T00:00:00.000Z')).body.state).toMatchObject({ status: 'open', startsOn: '2027-01-01' });
    expect((await get('/cycles/fy27-q1?asOf=2026-12-31T00:00:00.000Z')).status).toBe(404);
    expect((await get('/targets/q-rita?asOf=2027-01-15T00:00:00.000Z', lars)).status).toBe(200);
  });

  it('counts each team’s facts as of the quarter’s end, and the quota counts all of Rita’s', async () => {
    expect(await teamValue('north', `?asOf=${END_OF_Q1}`)).toBe(75000);
    expect(await teamValue('south', `?asOf=${END_OF_Q1}`)).toBe(12000);
    expect(await teamValue('north', '?asOf=2027-01-31T23:59:59.000Z')).toBe(10000);
    expect((await get(`/targets/q-rita?asOf=${END_OF_Q1}`)).body.state.currentValue).toBe(70000);
    // Before the import, the dashboard had nothing to show.
    expect(await teamValue('north', `?asOf=${END_OF_Q1}&knownAt=2027-04-05T09:30:00.000Z`)).toBe(0);
  });

  it('a mid-quarter team move, recorded later, splits Rita’s deals between the teams by the days she was in each', async () => {
    svc.clock.set(MOVE_RECORDED);
    expect((await del(`/org/units/north/members/rita?effectiveAt=${MOVE}`)).status).toBe(201);
    expect((await post('/org/units/south/members', { personId: 'rita', effectiveAt: MOVE })).status).toBe(201);

    expect((await org('?asOf=2027-02-14T23:59:59.000Z')).state.units.north.members).toEqual(['rita', 'nils']);
    const march = await org('?asOf=2027-03-01T00:00:00.000Z');
    expect(march.state.units.north.members).toEqual(['nils']);
    expect(march.state.units.south.members).toEqual(['sven', 'nils', 'rita']);
    // As known before the move was recorded, she was still in North in March.
    expect((await org(`?asOf=2027-03-01T00:00:00.000Z&knownAt=${FACTS_IMPORTED}`)).state.units.north.members).toEqual(['rita', 'nils']);

    // January and February (until the 15th) in North, March in South.
    expect(await teamValue('north')).toBe(35000);
    expect(await teamValue('south')).toBe(52000);
    expect(await teamValue('north', `?asOf=${END_OF_Q1}`)).toBe(35000);
    expect(await teamValue('south', `?asOf=${END_OF_Q1}`)).toBe(52000);
    expect(await teamValue('south', '?asOf=2027-02-28T23:59:59.000Z')).toBe(12000);
    // As known before the move was recorded: all her deals in North, as the dashboard showed them then.
    expect(await teamValue('north', `?asOf=${END_OF_Q1}&knownAt=2027-04-05T12:00:00.000Z`)).toBe(75000);
    expect(await teamValue('south', `?asOf=${END_OF_Q1}&knownAt=2027-04-05T12:00:00.000Z`)).toBe(12000);
    // The department over both teams counts Rita once, before and after the move was known, and Nils once though he is in both.
    expect(await teamValue('sales')).toBe(82000);
    expect(await teamValue('sales', `?asOf=${END_OF_Q1}&knownAt=2027-04-05T12:00:00.000Z`)).toBe(82000);
    // Her quota follows her, not her team.
    expect((await get('/targets/q-rita')).body.state.currentValue).toBe(70000);

    const lineage = (await get('/objectives/south/key-results/arr/lineage')).body;
    expect(lineage.records.map((r: { source: { recordId: string } }) => r.source.recordId)).toEqual(['n-feb', 's-feb', 'r-mar']);
  });

  it('refuses a change dated back that contradicts a later one already recorded, naming it; takes one the later changes hold with', async () => {
    const version = (await org()).version;
    // Rita is recorded as leaving North on 15 February; leaving on 1 February as well cannot both be true.
    const refused = await del('/org/units/north/members/rita?effectiveAt=2027-02-01T00:00:00.000Z');
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'effectiveAt' })]);
    expect(refused.body.detail).toMatch(/MemberRemoved effective 2027-02-15T00:00:00\.000Z/);
    expect((await org()).version).toBe(version);
    expect(await teamValue('north')).toBe(35000);

    // A backdated change the later ones still hold with is taken.
    expect((await post('/org/units/south/rename', { name: 'South & Islands', effectiveAt: '2027-01-10T00:00:00.000Z' })).status).toBe(201);
    expect((await org('?asOf=2027-01-09T00:00:00.000Z')).state.units.south.name).toBe('South');
    expect((await org('?asOf=2027-01-11T00:00:00.000Z')).state.units.south.name).toBe('South & Islands');
    // So is an organisation file dated back.
    const csv = ['type,id,name,kind,parent_id,email,unit_id,lead', 'unit,west,West,team,sales,,,', 'person,wes,Wes Rep,,,wes@acme.test,west,yes'].join('\n');
    const imported = await svc.http.post('/org/import?effectiveAt=2027-03-01T00:00:00.000Z').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(csv);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ summary: { created: 2, rejected: 0 }, errors: [] });
    expect((await org('?asOf=2027-02-28T00:00:00.000Z')).state.units.west).toBeUndefined();
    expect((await org('?asOf=2027-03-02T00:00:00.000Z')).state.units.west).toMatchObject({ parentId: 'sales', members: ['wes'], leads: ['wes'] });
  });

  it('refuses any organisation change, cycle or binding dated in the future', async () => {
    const version = (await org()).version;
    const future = '2027-05-01T00:00:00.000Z';
    const refusals = [
      await post('/org/units', { id: 'east', name: 'East', kind: 'team', parentId: 'sales', effectiveAt: future }),
      await post('/org/people', { id: 'eve', name: 'Eve', email: 'eve@acme.test', effectiveAt: future }),
      await post('/org/units/north/members', { personId: 'sven', effectiveAt: future }),
      await del(`/org/units/south/members/rita?effectiveAt=${future}`),
      await post(`/org/units/north/archive?effectiveAt=${future}`, {}),
      await svc.http.post(`/org/import?effectiveAt=${future}`).set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(['type,id,name,kind,parent_id,email,unit_id,lead', 'unit,east,East,team,sales,,,'].join('\n')),
      await post('/cycles', { id: 'fy27-q2', kind: 'quarter', fiscalYear: 2027, quarter: 2, effectiveAt: future }),
      await post('/objectives/north/key-results/arr/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'count', scope: { type: 'unit', unitId: 'north', includeSubUnits: true }, effectiveAt: future }),
    ];
    for (const refused of refusals) {
      expect({ status: refused.status, errors: refused.body.errors }).toEqual({ status: 422, errors: [expect.objectContaining({ field: 'effectiveAt', reason: expect.stringMatching(/future/) })] });
    }
    expect((await org()).version).toBe(version);
    expect((await get('/cycles/fy27-q2')).status).toBe(404);
  });
});
