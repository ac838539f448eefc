import { closedDeal, deliverDataPoints, GoalsTestService, SMALL_TEAM_ORG_CSV, startGoalsService } from './goals-test-service';

/**
 * Metric bindings are effective-dated, and a bound goal's value is a pure function of the binding
 * in force at the instant read and the facts in its scope:
 * - a binding counts every fact in its window, whenever it was made: bound after the facts
 *   arrived, a key result shows the full total at once, with nothing to backfill;
 * - bound from a past instant, the goal reads its check-ins as of before then and the metric after;
 * - binding differently re-binds from then on (the event names the previous binding), identically records nothing;
 * - a check-in for an instant at which the goal is bound is refused; for an instant before, it is taken.
 */
describe('metric bindings in valid time', () => {
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
  const get = (path: string) => svc.http.get(path).set('Authorization', `Bearer ${admin}`);
  const keyResult = async (id: string, query = '') => (await get(`/objectives/duo${query}`)).body.state.keyResults[id];
  const valueOf = async (id: string, query = '') => (await keyResult(id, query)).currentValue;
  const ritaTarget = async (query = '') => (await get(`/targets/q-rita${query}`)).body.state.currentValue;
  const teamSum = { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'duo', includeSubUnits: true } };
  const deal = (opportunity: string, person: string, value: number, occurredAt: string) => deliverDataPoints(svc, occurredAt, [closedDeal(opportunity, person, value, occurredAt)]);

  it('sets up a team objective with three metric key results and a quota; one key result is bound from the start', async () => {
    expect((await svc.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(SMALL_TEAM_ORG_CSV)).status).toBe(200);
    expect((await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 })).status).toBe(201);
    expect((await post('/objectives', { id: 'duo', cycleId: 'fy27-q1', title: 'Win', owner: { type: 'team', id: 'duo' }, commitment: 'committed' }, lars)).status).toBe(201);
    for (const [id, title, target, unit] of [['arr', 'Closed-won', 100000, 'EUR'], ['late', 'Closed-won, tracked by hand until February', 100000, 'EUR'], ['deals', 'Deals won', 10, 'deals']] as const) {
      expect((await post('/objectives/duo/key-results', { id, title, kind: 'metric', start: 0, target, unit, direction: 'increase' }, lars)).status).toBe(201);
    }
    expect((await post('/targets', { id: 'q-rita', personId: 'rita', unitId: 'duo', cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' })).status).toBe(201);
    // Bound by mistake to the amount: re-bound to the count later.
    expect((await post('/objectives/duo/key-results/deals/metric-binding', teamSum)).status).toBe(201);

    // A deal of last year, synced on 5 January: outside the cycle, it never counts.
    await deliverDataPoints(svc, '2027-01-05T09:00:00.000Z', [{ ...closedDeal('old', 'rita', 9999, '2026-12-20T10:00:00.000Z'), receivedAt: '2027-01-05T08:00:00.000Z' }]);
  });

  it('before any binding, a key result holds its check-ins while the quarter’s deals arrive', async () => {
    svc.clock.set('2027-01-15T10:00:00.000Z');
    expect((await post('/objectives/duo/key-results/late/check-ins', { value: 5000, confidence: 'on-track', note: 'from the sales sheet' }, rita)).status).toBe(201);
    await deal('r-1', 'rita', 30000, '2027-01-20T10:00:00.000Z');
    await deal('s-1', 'sam', 20000, '2027-02-05T10:00:00.000Z');
    await deal('t-1', 'tom', 10000, '2027-02-12T10:00:00.000Z');
    expect(await valueOf('arr')).toBeNull();
    expect(await valueOf('late')).toBe(5000);
  });

  it('a key result bound after the facts arrived shows their full total at once, and its lineage lists them', async () => {
    svc.clock.set('2027-02-20T09:00:00.000Z');
    expect((await post('/objectives/duo/key-results/arr/metric-binding', teamSum)).status).toBe(201);
    expect(await valueOf('arr')).toBe(60000);
    expect((await get('/objectives/duo')).body.progress.keyResults.arr).toBeCloseTo(0.6);
    const lineage = (await get('/objectives/duo/key-results/arr/lineage')).body;
    expect(lineage.value).toBe(60000);
    expect(lineage.records.map((r: { source: { recordId: string } }) => r.source.recordId)).toEqual(['r-1', 's-1', 't-1']);
    // As of before it was bound, it was not: no value then, and no lineage.
    expect(await valueOf('arr', '?asOf=2027-02-10T00:00:00.000Z')).toBeNull();
    expect((await get('/objectives/duo/key-results/arr/lineage?asOf=2027-02-10T00:00:00.000Z')).status).toBe(404);
  });

  it('bound from a past instant, a key result reads its check-in as of before then and the metric after', async () => {
    // Not before the goal existed, nor before the unit it counts did, nor in the future.
    const beforeTheQuota = await post('/targets/q-rita/metric-binding', { aggregation: 'sum', effectiveAt: '2027-01-01T00:00:00.000Z' });
    expect(beforeTheQuota.status).toBe(422);
    expect(beforeTheQuota.body.errors).toEqual([expect.objectContaining({ field: 'effectiveAt', reason: expect.stringMatching(/before the goal existed/) })]);
    const beforeTheTeam = await post('/objectives/duo/key-results/late/metric-binding', { ...teamSum, effectiveAt: '2027-01-01T00:00:00.000Z' });
    expect(beforeTheTeam.status).toBe(404);
    expect(beforeTheTeam.body.errors).toEqual([expect.objectContaining({ field: 'scope.unitId' })]);
    const notInTheFuture = await post('/objectives/duo/key-results/late/metric-binding', { ...teamSum, effectiveAt: '2027-02-21T00:00:00.000Z' });
    expect(notInTheFuture.status).toBe(422);
    expect(notInTheFuture.body.errors).toEqual([expect.objectContaining({ field: 'effectiveAt', reason: expect.stringMatching(/future/) })]);

    expect((await post('/objectives/duo/key-results/late/metric-binding', { ...teamSum, effectiveAt: '2027-02-01T00:00:00.000Z' })).status).toBe(201);
    expect(await valueOf('late', '?asOf=2027-01-25T00:00:00.000Z')).toBe(5000);
    expect(await valueOf('late', '?asOf=2027-02-06T00:00:00.000Z')).toBe(50000);
    expect(await valueOf('late')).toBe(60000);
    // As known before the binding was recorded, the check-in still held.
    expect(await valueOf('late', '?asOf=2027-02-06T00:00:00.000Z&knownAt=2027-02-19T00:00:00.000Z')).toBe(5000);
    expect((await keyResult('late')).bindings).toEqual([expect.objectContaining({ effectiveAt: '2027-02-01T00:00:00.000Z' })]);
  });

  it('binding differently re-binds from then on, and identically records nothing', async () => {
    svc.clock.set('2027-03-10T09:00:00.000Z');
    const teamCount = { ...teamSum, aggregation: 'count' };
    expect((await post('/objectives/duo/key-results/deals/metric-binding', { ...teamCount, effectiveAt: '2027-03-01T00:00:00.000Z' })).status).toBe(201);
    const rebound = (await get('/objectives/duo/history')).body.events.filter((e: { type: string }) => e.type === 'KeyResultBoundToMetric').pop();
    expect(rebound).toMatchObject({ effectiveAt: '2027-03-01T00:00:00.000Z', data: { keyResultId: 'deals', binding: { aggregation: 'count' }, previous: { aggregation: 'sum' } } });
    // In force from 5 March already: nothing to record.
    const again = await post('/objectives/duo/key-results/deals/metric-binding', { ...teamCount, effectiveAt: '2027-03-05T00:00:00.000Z' });
    expect(again.status).toBe(200);
    expect(again.body.recorded).toBe(0);

    expect(await valueOf('deals', '?asOf=2027-02-25T00:00:00.000Z')).toBe(60000);
    expect(await valueOf('deals', '?asOf=2027-03-05T00:00:00.000Z')).toBe(3);
    expect(await valueOf('deals')).toBe(3);
    expect((await get('/objectives/duo')).body.progress.keyResults.deals).toBeCloseTo(0.3);
    // On 5 March, before the re-binding was recorded, the amount was what the key result showed.
    expect(await valueOf('deals', '?asOf=2027-03-05T00:00:00.000Z&knownAt=2027-03-05T00:00:00.000Z')).toBe(60000);
    expect((await keyResult('deals')).bindings.map((b: { binding: { aggregation: string } }) => b.binding.aggregation)).toEqual(['sum', 'count']);
  });

  it('refuses a check-in for an instant at which the goal is bound, and takes one for an instant before', async () => {
    svc.clock.set('2027-03-12T09:00:00.000Z');
    const whileBound = await post('/objectives/duo/key-results/arr/check-ins', { value: 70000, confidence: 'on-track' }, rita);
    expect(whileBound.status).toBe(422);
    expect(whileBound.body.detail).toMatch(/takes its value from sales\.closed_won_amount/);
    expect(whileBound.body.errors).toEqual([expect.objectContaining({ field: 'keyResultId' })]);
    const backdatedIntoBinding = await post('/objectives/duo/key-results/late/check-ins', { value: 1, confidence: 'on-track', effectiveAt: '2027-02-02T00:00:00.000Z' }, rita);
    expect(backdatedIntoBinding.status).toBe(422);

    expect((await post('/objectives/duo/key-results/arr/check-ins', { value: 25000, confidence: 'at-risk', effectiveAt: '2027-02-10T00:00:00.000Z' }, rita)).status).toBe(201);
    expect(await valueOf('arr', '?asOf=2027-02-12T00:00:00.000Z')).toBe(25000);
    expect(await valueOf('arr')).toBe(60000);

    // The same for a quota: bound from 1 February, a check-in for 25 January is taken, one for now refused.
    expect((await post('/targets/q-rita/metric-binding', { aggregation: 'sum', effectiveAt: '2027-02-01T00:00:00.000Z' })).status).toBe(201);
    const quotaNow = await post('/targets/q-rita/check-ins', { value: 31000, confidence: 'on-track' }, rita);
    expect(quotaNow.status).toBe(422);
    expect(quotaNow.body.detail).toMatch(/target q-rita takes its value from sales\.closed_won_amount/);
    expect((await post('/targets/q-rita/check-ins', { value: 12000, confidence: 'on-track', effectiveAt: '2027-01-25T00:00:00.000Z' }, rita)).status).toBe(201);
    expect(await ritaTarget('?asOf=2027-01-26T00:00:00.000Z')).toBe(12000);
    expect(await ritaTarget('?asOf=2027-02-02T00:00:00.000Z')).toBe(30000);
    expect(await ritaTarget()).toBe(30000);
  });
});
