import { closedDeal, deliverDataPoints, GoalsTestService, SMALL_TEAM_ORG_CSV, startGoalsService } from './goals-test-service';

/**
 * Closing a cycle freezes it:
 * - the close records the final scores and every bound key result's and target's value with the
 *   ledger position it was computed at;
 * - a fact that arrives later leaves the closed values as they were, and shows as a pending
 *   difference between the frozen value and what every fact known now gives;
 * - an admin rejects it (the frozen value stands, the difference leaves the list until another
 *   fact changes it) or accepts it (the value is frozen again where the ledger is now, and the key
 *   result's and its objective's scores are amended);
 * - only admins see and decide pending differences.
 */
describe('a closed cycle', () => {
  let svc: GoalsTestService;
  let admin: string;
  let lars: string;
  let rita: string;

  beforeAll(async () => {
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z' });
    [admin, lars, rita] = await Promise.all([svc.token('olivia', 'admin'), svc.token('lars', 'member'), svc.token('rita', 'member')]);
  });
  afterAll(() => svc.close());

  const post = (path: string, body: object, token = admin) => svc.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token = admin) => svc.http.get(path).set('Authorization', `Bearer ${token}`);
  const arr = { kind: 'objective', id: 'duo', keyResultId: 'arr' };
  const quota = { kind: 'target', id: 'q-rita' };
  const teamValue = async (query = '') => (await get(`/objectives/duo${query}`)).body.state.keyResults.arr.currentValue;
  const ritaValue = async () => (await get('/targets/q-rita')).body.state.currentValue;
  const pending = async () => (await get('/cycles/fy27-q1/pending-differences')).body.differences;
  const cycleEvents = async (type: string) => (await get('/cycles/fy27-q1/history')).body.events.filter((e: { type: string }) => e.type === type);
  const late = (opportunity: string, person: string, value: number, occurredAt: string, receivedAt: string) => ({ ...closedDeal(opportunity, person, value, occurredAt), receivedAt });

  it('sets up a quarter: a team objective with a bound key result and a milestone, and a bound quota; three deals arrive', async () => {
    expect((await svc.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(SMALL_TEAM_ORG_CSV)).status).toBe(200);
    expect((await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 })).status).toBe(201);
    expect((await post('/objectives', { id: 'duo', cycleId: 'fy27-q1', title: 'Win', owner: { type: 'team', id: 'duo' }, commitment: 'committed' }, lars)).status).toBe(201);
    expect((await post('/objectives/duo/key-results', { id: 'arr', title: 'Closed-won', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase', weight: 3 }, lars)).status).toBe(201);
    expect((await post('/objectives/duo/key-results', { id: 'launch', title: 'Partner launch', kind: 'milestone', weight: 1 }, lars)).status).toBe(201);
    expect((await post('/objectives/duo/key-results/launch/check-ins', { value: 1, confidence: 'on-track' }, lars)).status).toBe(201);
    expect((await post('/targets', { id: 'q-rita', personId: 'rita', unitId: 'duo', cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' })).status).toBe(201);
    expect((await post('/objectives/duo/key-results/arr/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'duo', includeSubUnits: true } })).status).toBe(201);
    expect((await post('/targets/q-rita/metric-binding', { aggregation: 'sum' })).status).toBe(201);

    await deliverDataPoints(svc, '2027-03-20T10:00:00.000Z', [
      closedDeal('r-1', 'rita', 30000, '2027-02-10T10:00:00.000Z'),
      closedDeal('s-1', 'sam', 20000, '2027-03-01T10:00:00.000Z'),
      closedDeal('t-1', 'tom', 10000, '2027-03-15T10:00:00.000Z'),
    ]);
    expect(await teamValue()).toBe(60000);
    expect(await ritaValue()).toBe(30000);
  });

  it('while open, the cycle has no pending differences and nothing to accept', async () => {
    expect((await get('/cycles/fy27-q1/pending-differences')).body).toMatchObject({ status: 'open', differences: [] });
    const early = await post('/objectives/duo/key-results/arr/pending-difference/accept', { reason: 'too early' });
    expect(early.status).toBe(422);
    expect(early.body.detail).toMatch(/still open/);
  });

  it('closing records the final scores and freezes each bound value with the ledger position it was computed at', async () => {
    svc.clock.set('2027-04-05T09:00:00.000Z');
    expect((await post('/cycles/fy27-q1/close', { scoringRule: 'linear-v1' })).status).toBe(201);

    const { state } = (await get('/cycles/fy27-q1')).body;
    expect(state.status).toBe('closed');
    expect(state.frozen).toEqual({
      'objective:duo:arr': { goal: arr, value: 60000, ledgerPosition: 3, reviewedUpTo: 3 },
      'target:q-rita': { goal: quota, value: 30000, ledgerPosition: 3, reviewedUpTo: 3 },
    });
    // (3 × 0.6 + 1 × 1) / 4: the milestone is not bound, so it is scored from its check-in and not frozen.
    expect(state.scores).toEqual([{ objectiveId: 'duo', score: 0.7, keyResults: expect.arrayContaining([{ keyResultId: 'arr', score: 0.6 }, { keyResultId: 'launch', score: 1 }]) }]);
    const [closed] = await cycleEvents('CycleClosed');
    expect(closed.data.frozen).toEqual({ ledgerPosition: 3, values: expect.arrayContaining([{ goal: arr, value: 60000 }, { goal: quota, value: 30000 }]) });
    expect(closed.data.frozen.values).toHaveLength(2);
  });

  it('shows a member only what they may see of the close: their own quota, not the team’s value or score (besides them, two people), and not its history', async () => {
    const sam = await svc.token('sam', 'member');
    for (const [member, ownQuota] of [[rita, true], [sam, false]] as const) {
      const res = await get('/cycles/fy27-q1', member);
      expect(res.status).toBe(200);
      expect(res.body.state.frozen['objective:duo:arr']).toEqual({ goal: arr, ledgerPosition: 3, reviewedUpTo: 3, withheld: true, reason: expect.stringContaining('fewer than 3 people you may not see') });
      expect('target:q-rita' in res.body.state.frozen).toBe(ownQuota);
      expect(res.body.state.scores).toEqual([
        { objectiveId: 'duo', withheld: true, reason: expect.any(String), keyResults: expect.arrayContaining([expect.objectContaining({ keyResultId: 'arr', withheld: true }), { keyResultId: 'launch', score: 1 }]) },
      ]);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/60000|0\.6\b|0\.7\b/);
      if (!ownQuota) expect(text).not.toMatch(/30000|q-rita/);
      expect((await get('/cycles/fy27-q1/history', member)).status).toBe(403);
    }
    const lead = (await get('/cycles/fy27-q1', lars)).body.state;
    expect(lead.frozen['objective:duo:arr']).toMatchObject({ value: 60000 });
    expect(lead.frozen['target:q-rita']).toMatchObject({ value: 30000 });
    expect(lead.scores[0]).toMatchObject({ score: 0.7 });
  });

  it('a fact arriving after the close leaves the closed values as they were and shows as a pending difference', async () => {
    await deliverDataPoints(svc, '2027-04-06T09:05:00.000Z', [
      late('r-2', 'rita', 10000, '2027-03-31T15:00:00.000Z', '2027-04-06T09:00:00.000Z'),
      // A deal of the next quarter is no difference to this one.
      late('s-2', 'sam', 5000, '2027-04-06T08:00:00.000Z', '2027-04-06T09:00:00.000Z'),
    ]);
    expect(await teamValue()).toBe(60000);
    expect(await teamValue('?asOf=2027-03-31T23:59:59.000Z')).toBe(60000);
    expect(await teamValue('?knownAt=2027-04-06T12:00:00.000Z')).toBe(60000);
    expect(await ritaValue()).toBe(30000);
    expect((await get('/objectives/duo')).body.progress.keyResults.arr).toBeCloseTo(0.6);
    expect((await get('/objectives/duo/key-results/arr/lineage')).body.records.map((r: { source: { recordId: string } }) => r.source.recordId)).toEqual(['r-1', 's-1', 't-1']);

    const listed = await get('/cycles/fy27-q1/pending-differences');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ cycleId: 'fy27-q1', status: 'closed', upToPosition: 5 });
    expect(listed.body.differences).toEqual(
      expect.arrayContaining([
        { goal: arr, frozenValue: 60000, frozenAt: 3, reviewedUpTo: 3, currentValue: 70000, difference: 10000 },
        { goal: quota, frozenValue: 30000, frozenAt: 3, reviewedUpTo: 3, currentValue: 40000, difference: 10000 },
      ]),
    );
    expect(listed.body.differences).toHaveLength(2);
  });

  it('only admins see and decide pending differences', async () => {
    for (const member of [lars, rita]) {
      expect((await get('/cycles/fy27-q1/pending-differences', member)).status).toBe(403);
      expect((await post('/objectives/duo/key-results/arr/pending-difference/accept', { reason: 'mine' }, member)).status).toBe(403);
      expect((await post('/targets/q-rita/pending-difference/reject', { reason: 'mine' }, member)).status).toBe(403);
    }
    expect(await teamValue()).toBe(60000);
    expect(await pending()).toHaveLength(2);
  });

  it('rejecting keeps the frozen value and takes the difference off the list, until a later fact changes it again', async () => {
    const noReason = await post('/targets/q-rita/pending-difference/reject', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);
    expect((await post('/objectives/duo/key-results/launch/pending-difference/accept', { reason: 'not bound' })).status).toBe(404);

    expect((await post('/targets/q-rita/pending-difference/reject', { reason: 'a credit note will reverse it' })).status).toBe(201);
    expect(await ritaValue()).toBe(30000);
    expect(await pending()).toEqual([expect.objectContaining({ goal: arr, difference: 10000 })]);
    expect((await get('/cycles/fy27-q1')).body.state.frozen['target:q-rita']).toEqual({ goal: quota, value: 30000, ledgerPosition: 3, reviewedUpTo: 5 });
    expect(await cycleEvents('BoundValueDifferenceRejected')).toEqual([
      expect.objectContaining({ actor: 'olivia', reason: 'a credit note will reverse it', data: expect.objectContaining({ goal: quota, ledgerPosition: 5 }) }),
    ]);

    await deliverDataPoints(svc, '2027-04-07T09:05:00.000Z', [late('r-3', 'rita', 2000, '2027-03-29T15:00:00.000Z', '2027-04-07T09:00:00.000Z')]);
    expect(await ritaValue()).toBe(30000);
    expect(await pending()).toEqual(
      expect.arrayContaining([
        { goal: quota, frozenValue: 30000, frozenAt: 3, reviewedUpTo: 5, currentValue: 42000, difference: 12000 },
        { goal: arr, frozenValue: 60000, frozenAt: 3, reviewedUpTo: 3, currentValue: 72000, difference: 12000 },
      ]),
    );
  });

  it('accepting freezes the value again where the ledger is now and amends the key result’s and the objective’s scores', async () => {
    svc.clock.set('2027-04-08T09:00:00.000Z');
    expect((await post('/objectives/duo/key-results/arr/pending-difference/accept', { reason: 'March deals synced late' })).status).toBe(201);
    expect(await teamValue()).toBe(72000);
    expect((await get('/objectives/duo')).body.progress.keyResults.arr).toBeCloseTo(0.72);
    expect((await get('/objectives/duo/key-results/arr/lineage')).body.records.map((r: { source: { recordId: string } }) => r.source.recordId)).toEqual(['r-1', 's-1', 't-1', 'r-3', 'r-2']);

    const { state } = (await get('/cycles/fy27-q1')).body;
    expect(state.frozen['objective:duo:arr']).toEqual({ goal: arr, value: 72000, ledgerPosition: 6, reviewedUpTo: 6 });
    expect(state.scores[0].score).toBeCloseTo(0.79);
    expect(state.scores[0].keyResults).toEqual(expect.arrayContaining([{ keyResultId: 'arr', score: 0.72 }, { keyResultId: 'launch', score: 1 }]));

    expect(await cycleEvents('BoundValueAmended')).toEqual([
      expect.objectContaining({
        actor: 'olivia',
        reason: 'March deals synced late',
        data: { cycleId: 'fy27-q1', goal: arr, value: 72000, previousValue: 60000, ledgerPosition: 6, previousLedgerPosition: 3, reason: 'March deals synced late' },
      }),
    ]);
    const amendments = (await cycleEvents('ScoreAmended')).map((e: { data: object }) => e.data);
    expect(amendments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ objectiveId: 'duo', keyResultId: 'arr', score: 0.72, previousScore: 0.6 }),
        { cycleId: 'fy27-q1', objectiveId: 'duo', score: expect.closeTo(0.79), previousScore: 0.7, reason: 'March deals synced late' },
      ]),
    );
    expect(amendments).toHaveLength(2);

    // The quota's difference is still there to decide; the key result's is gone.
    expect(await pending()).toEqual([expect.objectContaining({ goal: quota, difference: 12000 })]);
    expect((await post('/targets/q-rita/pending-difference/accept', { reason: 'the credit note never came' })).status).toBe(201);
    expect(await ritaValue()).toBe(42000);
    expect(await pending()).toEqual([]);
  });
});

/**
 * A key result bound after its cycle's last day but before the cycle is closed (an admin who
 * set the quarter up late and did not date the binding back) reads its metric over the cycle: the
 * close freezes and scores that value, so it neither scores 0 beside a value of 60 % nor moves
 * with facts that arrive later.
 */
describe('a key result bound after its cycle ended, before the close', () => {
  let svc: GoalsTestService;
  let admin: string;

  beforeAll(async () => {
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z' });
    admin = await svc.token('olivia', 'admin');
  });
  afterAll(() => svc.close());

  const post = (path: string, body: object) => svc.http.post(path).set('Authorization', `Bearer ${admin}`).send(body);
  const get = (path: string) => svc.http.get(path).set('Authorization', `Bearer ${admin}`);

  it('is frozen and scored with the value it shows', async () => {
    expect((await svc.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(SMALL_TEAM_ORG_CSV)).status).toBe(200);
    expect((await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 })).status).toBe(201);
    expect((await post('/objectives', { id: 'duo', cycleId: 'fy27-q1', title: 'Win', owner: { type: 'team', id: 'duo' }, commitment: 'committed' })).status).toBe(201);
    expect((await post('/objectives/duo/key-results', { id: 'arr', title: 'Closed-won', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase' })).status).toBe(201);
    await deliverDataPoints(svc, '2027-03-20T10:00:00.000Z', [
      closedDeal('r-1', 'rita', 30000, '2027-02-10T10:00:00.000Z'),
      closedDeal('s-1', 'sam', 20000, '2027-03-01T10:00:00.000Z'),
      closedDeal('t-1', 'tom', 10000, '2027-03-15T10:00:00.000Z'),
    ]);

    svc.clock.set('2027-04-02T09:00:00.000Z');
    expect((await post('/objectives/duo/key-results/arr/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'duo', includeSubUnits: true } })).status).toBe(201);
    expect((await get('/objectives/duo')).body.state.keyResults.arr.currentValue).toBe(60000);

    svc.clock.set('2027-04-05T09:00:00.000Z');
    expect((await post('/cycles/fy27-q1/close', {})).status).toBe(201);
    const { state } = (await get('/cycles/fy27-q1')).body;
    expect(state.frozen['objective:duo:arr']).toMatchObject({ value: 60000, ledgerPosition: 3 });
    expect(state.scores).toEqual([{ objectiveId: 'duo', score: 0.6, keyResults: [{ keyResultId: 'arr', score: 0.6 }] }]);

    await deliverDataPoints(svc, '2027-04-06T10:00:00.000Z', [{ ...closedDeal('r-2', 'rita', 5000, '2027-03-31T10:00:00.000Z'), receivedAt: '2027-04-06T10:00:00.000Z' }]);
    expect((await get('/objectives/duo')).body.state.keyResults.arr.currentValue).toBe(60000);
    expect((await get('/cycles/fy27-q1/pending-differences')).body.differences).toEqual([expect.objectContaining({ frozenValue: 60000, currentValue: 65000, difference: 5000 })]);
  });
});
