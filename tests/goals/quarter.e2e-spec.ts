import { GoalsTestService, startGoalsService } from './goals-test-service';

/**
 * A realistic quarter through the HTTP API on embedded adapters: an organisation, objectives with
 * key results, a KPI, individual quotas, check-ins over time, a late check-in, a close and an
 * amendment; then the questions auditors ask of it.
 */
describe('a quarter in the goals service', () => {
  let svc: GoalsTestService;
  let admin: string;
  let lead: string;
  let rep: string;
  let otherRep: string;

  beforeAll(async () => {
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z' });
    admin = await svc.token('olivia', 'admin');
    lead = await svc.token('lars', 'member');
    rep = await svc.token('rita', 'member');
    otherRep = await svc.token('sam', 'member');
  });
  afterAll(() => svc.close());

  const post = (token: string, path: string, body: unknown) =>
    svc.http.post(path).set('Authorization', `Bearer ${token}`).send(body as object);
  const get = (token: string, path: string) => svc.http.get(path).set('Authorization', `Bearer ${token}`);

  it('imports the organisation from CSV, reporting the bad row and keeping the good ones', async () => {
    const csv = [
      'type,id,name,kind,parent_id,email,unit_id,lead',
      'unit,acme,Acme,company,,,,',
      'unit,sales,Sales,department,acme,,,',
      'unit,sales-emea,Sales EMEA,team,sales,,,',
      'unit,sales-us,Sales US,team,sales,,,',
      'unit,broken,Broken,team,nowhere,,,',
      'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
      'person,lars,Lars Lead,,,lars@acme.test,sales-emea,yes',
      'person,rita,Rita Rep,,,rita@acme.test,sales-emea,',
      'person,sam,Sam Rep,,,sam@acme.test,sales-emea,',
      'person,uma,Uma US,,,uma@acme.test,sales-us,',
      'person,nul,Nul\u0000Byte,,,nul@acme.test,sales-us,',
      `person,long,${'L'.repeat(10_001)},,,long@acme.test,sales-us,`,
    ].join('\n');
    const res = await svc.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ line: 6, field: 'parent_id' }),
      { line: 12, field: 'name', reason: expect.stringContaining('NUL') },
      { line: 13, field: 'name', reason: expect.stringContaining('at most') },
    ]);
    expect(res.body.summary.rejected).toBe(3);
    expect(res.body.summary.created).toBeGreaterThanOrEqual(9);

    const again = await svc.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(csv);
    expect(again.status).toBe(200);
    expect(again.body.summary).toMatchObject({ created: 0, updated: 0 });

    const org = await get(admin, '/org');
    expect(org.status).toBe(200);
    expect(Object.keys(org.body.state.units).sort()).toEqual(['acme', 'sales', 'sales-emea', 'sales-us']);
  });

  it('plans the quarter: a cycle, a department objective aligned to a company one, a KPI, quotas', async () => {
    expect((await post(admin, '/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 })).status).toBe(201);
    const cycle = await get(admin, '/cycles/fy27-q1');
    expect(cycle.body.state).toMatchObject({ startsOn: '2027-01-01', endsOn: '2027-03-31', status: 'open' });

    expect(
      (await post(admin, '/objectives', { id: 'grow', cycleId: 'fy27-q1', title: 'Grow revenue', owner: { type: 'company', id: 'acme' }, commitment: 'committed' })).status,
    ).toBe(201);
    expect(
      (await post(lead, '/objectives', { id: 'emea', cycleId: 'fy27-q1', title: 'Win EMEA', owner: { type: 'team', id: 'sales-emea' }, commitment: 'aspirational' })).status,
    ).toBe(201);
    expect((await post(lead, '/objectives/emea/alignments', { parentObjectiveId: 'grow' })).status).toBe(201);
    expect(
      (await post(lead, '/objectives/emea/key-results', { id: 'arr', title: 'New ARR', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase', weight: 3 })).status,
    ).toBe(201);
    expect((await post(lead, '/objectives/emea/key-results', { id: 'launch', title: 'Partner launch', kind: 'milestone', weight: 1 })).status).toBe(201);

    const personal = await post(rep, '/objectives', { cycleId: 'fy27-q1', title: 'My own OKR', owner: { type: 'person', id: 'rita' }, commitment: 'committed' });
    expect(personal.status).toBe(422);
    expect(personal.headers['content-type']).toMatch(/application\/problem\+json/);

    expect((await post(admin, '/kpis', { id: 'nps', unitId: 'sales-emea', name: 'NPS', unit: 'points', direction: 'stay-above', target: 40 })).status).toBe(201);

    expect(
      (await post(admin, '/targets', { id: 'q-rita', personId: 'rita', unitId: 'sales-emea', cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' })).status,
    ).toBe(201);
    expect(
      (await post(admin, '/targets', { id: 'q-sam', personId: 'sam', unitId: 'sales-emea', cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' })).status,
    ).toBe(201);
  });

  it('lets the lead set a quota under a new id, and refuses an id the lead chose: a taken one would tell a target exists', async () => {
    const quota = { personId: 'rita', unitId: 'sales-emea', cycleId: 'fy27-q1', metric: 'sales.support_cases', targetValue: 10, unit: 'cases' };
    const chosen = await post(lead, '/targets', { ...quota, id: 'q-sam' });
    expect(chosen.status).toBe(400);
    expect(chosen.body.errors).toEqual([{ field: 'id', reason: expect.stringContaining('only admins choose the id of a target') }]);
    const created = await post(lead, '/targets', quota);
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records check-ins over the quarter, including a late one that is backdated', async () => {
    svc.clock.set('2027-01-31T17:00:00.000Z');
    expect((await post(rep, '/objectives/emea/key-results/arr/check-ins', { value: 20000, confidence: 'on-track', note: 'first deals' })).status).toBe(201);
    expect((await post(rep, '/targets/q-rita/check-ins', { value: 20000, confidence: 'on-track' })).status).toBe(201);
    expect((await post(admin, '/kpis/nps/check-ins', { value: 42, confidence: 'on-track' })).status).toBe(201);

    svc.clock.set('2027-02-28T17:00:00.000Z');
    expect((await post(rep, '/objectives/emea/key-results/arr/check-ins', { value: 60000, confidence: 'at-risk', note: 'slow February' })).status).toBe(201);
    expect((await post(lead, '/targets/q-rita/revisions', { targetValue: 40000, reason: 'territory split' })).status).toBe(201);

    // Recorded on 2 April, true on 30 March: a deal that closed in the quarter but was reported late.
    svc.clock.set('2027-04-02T10:00:00.000Z');
    const late = await post(rep, '/objectives/emea/key-results/arr/check-ins', { value: 90000, confidence: 'on-track', effectiveAt: '2027-03-30T12:00:00.000Z', note: 'late close' });
    expect(late.status).toBe(201);
  });

  it('answers as of an instant (valid time) and as known at an instant (transaction time)', async () => {
    const now = await get(admin, '/objectives/emea');
    expect(now.body.state.keyResults.arr.currentValue).toBe(90000);

    const asOfMid = await get(admin, '/objectives/emea?asOf=2027-02-15T00:00:00.000Z');
    expect(asOfMid.body.state.keyResults.arr.currentValue).toBe(20000);

    // On 31 March the platform did not yet know about the late deal...
    const knownEndOfQuarter = await get(admin, '/objectives/emea?asOf=2027-03-31T23:59:59.000Z&knownAt=2027-03-31T23:59:59.000Z');
    expect(knownEndOfQuarter.body.state.keyResults.arr.currentValue).toBe(60000);
    // ...but we now know what Q1 really was.
    const nowKnown = await get(admin, '/objectives/emea?asOf=2027-03-31T23:59:59.000Z');
    expect(nowKnown.body.state.keyResults.arr.currentValue).toBe(90000);
    expect(nowKnown.body.progress.keyResults.arr).toBeCloseTo(0.9);
    // Weighted roll-up: (3 * 0.9 + 1 * 0) / 4
    expect(nowKnown.body.progress.objective).toBeCloseTo(0.675);

    const before = await get(admin, '/objectives/emea?asOf=2026-12-01T00:00:00.000Z');
    expect(before.status).toBe(404);
  });

  it('keeps a quota private to the person, the leads above and admins', async () => {
    expect((await get(rep, '/targets/q-rita')).status).toBe(200);
    expect((await get(lead, '/targets/q-rita')).status).toBe(200);
    expect((await get(admin, '/targets/q-rita')).status).toBe(200);
    const peek = await get(otherRep, '/targets/q-rita');
    expect(peek.status).toBe(404);
    expect(JSON.stringify(peek.body)).not.toContain('40000');

    const quota = await get(lead, '/targets/q-rita');
    expect(quota.body.state).toMatchObject({ originalTarget: 50000, currentTarget: 40000 });
    expect(quota.body.attainment).toMatchObject({ againstOriginal: 0.4, againstCurrent: 0.5 });
  });

  it('closes the quarter with final scores, refuses ordinary changes after, and takes an amendment with a reason', async () => {
    svc.clock.set('2027-04-05T09:00:00.000Z');
    const close = await post(admin, '/cycles/fy27-q1/close', { scoringRule: 'linear-v1' });
    expect(close.status).toBe(201);
    const cycle = await get(admin, '/cycles/fy27-q1');
    expect(cycle.body.state.status).toBe('closed');
    const emeaScore = cycle.body.state.scores.find((s: { objectiveId: string }) => s.objectiveId === 'emea');
    expect(emeaScore.score).toBeCloseTo(0.68, 2);

    const refused = await post(rep, '/objectives/emea/key-results/arr/check-ins', { value: 95000, confidence: 'on-track' });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/closed/);

    const noReason = await post(admin, '/objectives/emea/key-results/arr/amendments', { value: 95000, confidence: 'on-track' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);

    const amended = await post(admin, '/objectives/emea/key-results/arr/amendments', { value: 95000, confidence: 'on-track', reason: 'credit note reversed' });
    expect(amended.status).toBe(201);
    expect((await get(admin, '/objectives/emea')).body.state.keyResults.arr.currentValue).toBe(95000);
  });

  it('shows the full audit history and verifies the hash chain', async () => {
    const history = await get(admin, '/objectives/emea/history');
    expect(history.status).toBe(200);
    const types = history.body.events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('ObjectiveDefined');
    expect(types).toContain('KeyResultCheckInAmended');
    const amendment = history.body.events.find((e: { type: string }) => e.type === 'KeyResultCheckInAmended');
    expect(amendment).toMatchObject({ actor: 'olivia', reason: 'credit note reversed', recordedAt: '2027-04-05T09:00:00.000Z' });
    const lateOne = history.body.events.find((e: { data: { value?: number } }) => e.data.value === 90000);
    expect(lateOne).toMatchObject({ actor: 'rita', effectiveAt: '2027-03-30T12:00:00.000Z', recordedAt: '2027-04-02T10:00:00.000Z' });
    expect(lateOne.changes).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('arr') })]));

    const verify = await get(admin, '/objectives/emea/verify');
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.verified).toBe(history.body.events.length);
  });

  it('answers 409 when the caller edits from a stale version', async () => {
    const current = await get(admin, '/kpis/nps');
    const version = current.body.version;
    expect(current.headers.etag).toBe(`"${version}"`);
    const first = await svc.http.post('/kpis/nps/check-ins').set('Authorization', `Bearer ${admin}`).set('If-Match', `"${version}"`).send({ value: 41, confidence: 'on-track' });
    expect(first.status).toBe(201);
    const stale = await svc.http.post('/kpis/nps/check-ins').set('Authorization', `Bearer ${admin}`).set('If-Match', `"${version}"`).send({ value: 39, confidence: 'at-risk' });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(/problem\+json/);
  });
});
