import { MetricDataPointMessage } from '@okr/contracts';
import { DataPoint, deliverDataPoints, GoalsTestService, redeliverDataPoints, startGoalsService } from './goals-test-service';

/**
 * Goals that move by themselves: a person's quota and the team's key result bound to the metric
 * metrics-ingestion publishes, driven over HTTP, with facts published on the bus the service's
 * metric index consumes. What users see: values that count each fact once, however often it is
 * delivered, lineage back to the source records (private rows only for those who may see them),
 * exact time travel, goal histories that hold goal changes only, and a review step for what
 * arrives after the quarter closed.
 */
describe('goals bound to metrics', () => {
  let svc: GoalsTestService;
  let admin: string;
  let lead: string;
  let rita: string;
  let sam: string;

  beforeAll(async () => {
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z' });
    [admin, lead, rita, sam] = await Promise.all([svc.token('olivia', 'admin'), svc.token('lars', 'member'), svc.token('rita', 'member'), svc.token('sam', 'member')]);
  });
  afterAll(() => svc.close());

  const post = (token: string, path: string, body: object) => svc.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (token: string, path: string) => svc.http.get(path).set('Authorization', `Bearer ${token}`);

  /** A Salesforce opportunity's contribution, as metrics-ingestion publishes it (the ledger gives it its position). */
  const dataPoint = (opportunity: string, recordVersion: number, person: string, value: number | null, occurredAt: string, receivedAt: string): DataPoint => {
    const sourceRecordKey = `salesforce:${opportunity}:sales.closed_won_amount`;
    return {
      dataPointId: `${sourceRecordKey}@${recordVersion}`,
      metric: 'sales.closed_won_amount',
      subject: { type: 'person', id: person },
      operation: value === null ? 'retract' : 'upsert',
      ...(value === null ? {} : { value }),
      occurredAt,
      receivedAt,
      source: { system: 'salesforce', recordId: opportunity, changeId: `cdc-${opportunity}-${recordVersion}` },
      sourceRecordKey,
      recordVersion,
      actor: 'integration:salesforce',
      correlationId: `ingestion-batch-${receivedAt}`,
    };
  };

  const deliver = (now: string, ...points: DataPoint[]) => deliverDataPoints(svc, now, points);

  const teamValue = async (query = '') => (await get(admin, `/objectives/emea${query}`)).body.state.keyResults.arr.currentValue;
  const ritaValue = async (query = '') => (await get(rita, `/targets/q-rita${query}`)).body.state.currentValue;
  const versions = async () => [(await get(admin, '/objectives/emea')).body.version, (await get(rita, '/targets/q-rita')).body.version];

  let ritasFirstDeal: MetricDataPointMessage[];

  it('sets up a team with a key result and a quota, and an admin binds both to the CRM metric', async () => {
    const csv = [
      'type,id,name,kind,parent_id,email,unit_id,lead',
      'unit,acme,Acme,company,,,,',
      'unit,sales-emea,Sales EMEA,team,acme,,,',
      'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
      'person,lars,Lars Lead,,,lars@acme.test,sales-emea,yes',
      'person,rita,Rita Rep,,,rita@acme.test,sales-emea,',
      'person,sam,Sam Rep,,,sam@acme.test,sales-emea,',
    ].join('\n');
    expect((await svc.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(csv)).status).toBe(200);
    expect((await post(admin, '/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 })).status).toBe(201);
    expect((await post(lead, '/objectives', { id: 'emea', cycleId: 'fy27-q1', title: 'Win EMEA', owner: { type: 'team', id: 'sales-emea' }, commitment: 'committed' })).status).toBe(201);
    expect((await post(lead, '/objectives/emea/key-results', { id: 'arr', title: 'Closed-won', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase' })).status).toBe(201);
    expect((await post(admin, '/targets', { id: 'q-rita', personId: 'rita', unitId: 'sales-emea', cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' })).status).toBe(201);
    expect((await post(admin, '/kpis', { id: 'deals', unitId: 'sales-emea', name: 'Deals won this quarter', unit: 'deals', direction: 'stay-above', target: 2 })).status).toBe(201);

    const bindKeyResult = { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'sales-emea', includeSubUnits: true } };
    const notAdmin = await post(lead, '/objectives/emea/key-results/arr/metric-binding', bindKeyResult);
    expect(notAdmin.status).toBe(403);
    const badAggregation = await post(admin, '/objectives/emea/key-results/arr/metric-binding', { ...bindKeyResult, aggregation: 'median' });
    expect(badAggregation.status).toBe(400);
    expect(badAggregation.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(badAggregation.body.errors).toEqual([expect.objectContaining({ field: 'body.aggregation' })]);
    const unknownUnit = await post(admin, '/objectives/emea/key-results/arr/metric-binding', { ...bindKeyResult, scope: { type: 'unit', unitId: 'nowhere' } });
    expect(unknownUnit.status).toBe(404);
    expect(unknownUnit.body.errors).toEqual([expect.objectContaining({ field: 'scope.unitId' })]);

    expect((await post(admin, '/objectives/emea/key-results/arr/metric-binding', bindKeyResult)).status).toBe(201);
    // The same binding again records nothing.
    expect((await post(admin, '/objectives/emea/key-results/arr/metric-binding', bindKeyResult)).status).toBe(200);
    expect((await post(admin, '/targets/q-rita/metric-binding', { aggregation: 'sum' })).status).toBe(201);
    expect((await post(admin, '/kpis/deals/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'count', window: 'calendar-quarter' })).status).toBe(201);

    const objective = await get(admin, '/objectives/emea');
    expect(objective.body.state.keyResults.arr.bindings).toEqual([
      { binding: { ...bindKeyResult, window: { kind: 'cycle', from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' } }, effectiveAt: '2027-01-04T09:00:00.000Z' },
    ]);
    // Nothing has arrived yet: a sum of nothing is 0.
    expect(objective.body.state.keyResults.arr.currentValue).toBe(0);
    const manual = await post(lead, '/objectives/emea/key-results/arr/check-ins', { value: 1, confidence: 'on-track' });
    expect(manual.status).toBe(422);
    expect(manual.body.detail).toMatch(/takes its value from sales\.closed_won_amount/);

    const documented = Object.keys((await svc.http.get('/openapi.json')).body.paths);
    expect(documented).toEqual(
      expect.arrayContaining([
        '/objectives/{objectiveId}/key-results/{keyResultId}/metric-binding',
        '/kpis/{kpiId}/lineage',
        '/cycles/{cycleId}/pending-differences',
        '/targets/{targetId}/pending-difference/{decision}',
      ]),
    );
    expect(documented.filter((path) => path.includes('metric-proposals'))).toEqual([]);
  });

  it('a deal closed by Rita moves her target and the team key result, and records no goal event', async () => {
    const versionsBefore = await versions();
    ritasFirstDeal = await deliver('2027-02-10T09:31:00.000Z', dataPoint('opp-1', 1, 'rita', 30000, '2027-02-10T09:00:00.000Z', '2027-02-10T09:30:00.000Z'));
    expect(await ritaValue()).toBe(30000);
    expect((await get(rita, '/targets/q-rita')).body.attainment).toEqual({ value: 30000, againstOriginal: 0.6, againstCurrent: 0.6 });
    expect(await teamValue()).toBe(30000);
    expect((await get(admin, '/objectives/emea')).body.progress.keyResults.arr).toBeCloseTo(0.3);

    // A fact is not a goal change: the goals' streams (and their audit histories) did not grow.
    expect(await versions()).toEqual(versionsBefore);
    expect((await get(admin, '/targets/q-rita/history')).body.events.map((e: { type: string }) => e.type)).toEqual(['TargetSet', 'TargetBoundToMetric']);
  });

  it('Kafka delivering Rita’s deal again with Sam’s counts each once; Sam’s rolls up into the team number only', async () => {
    await redeliverDataPoints(svc, '2027-03-01T12:00:00.000Z', [...ritasFirstDeal, ...ritasFirstDeal], [dataPoint('opp-2', 1, 'sam', 20000, '2027-03-01T11:00:00.000Z', '2027-03-01T11:30:00.000Z')]);
    expect(await teamValue()).toBe(50000);
    expect(await ritaValue()).toBe(30000);
    expect((await get(admin, '/kpis/deals')).body).toMatchObject({ state: { currentValue: 2 }, health: 'healthy' });
  });

  it('a newer version of Rita’s deal withdraws it: both her target and the team number drop', async () => {
    await deliver('2027-03-05T12:00:00.000Z', dataPoint('opp-1', 2, 'rita', null, '2027-03-05T11:00:00.000Z', '2027-03-05T11:30:00.000Z'));
    expect(await ritaValue()).toBe(0);
    expect(await teamValue()).toBe(20000);
    expect((await get(admin, '/kpis/deals')).body).toMatchObject({ state: { currentValue: 1 }, health: 'unhealthy' });
  });

  it('a deal closed on 30 March that arrives on 2 April counts in Q1 as of now, not as known on 31 March', async () => {
    await deliver('2027-04-02T08:00:00.000Z', dataPoint('opp-3', 1, 'rita', 15000, '2027-03-30T16:00:00.000Z', '2027-04-02T07:55:00.000Z'));
    const endOfQ1 = '2027-03-31T23:59:59Z';
    expect(await teamValue()).toBe(35000);
    expect(await teamValue(`?asOf=${endOfQ1}`)).toBe(35000);
    expect(await teamValue(`?asOf=${endOfQ1}&knownAt=${endOfQ1}`)).toBe(20000);
    expect(await teamValue(`?asOf=2027-02-28T00:00:00Z`)).toBe(0);
    expect(await teamValue(`?knownAt=2027-02-11T00:00:00Z`)).toBe(30000);
    expect(await ritaValue(`?asOf=${endOfQ1}`)).toBe(15000);
    expect(await ritaValue(`?asOf=${endOfQ1}&knownAt=${endOfQ1}`)).toBe(0);
    // Versions correct one fact: the deal Rita lost (retracted on 5 March) no longer counts at any instant, unless read as known before the retraction.
    expect(await ritaValue(`?asOf=2027-02-15T00:00:00Z`)).toBe(0);
    expect(await ritaValue(`?asOf=2027-02-15T00:00:00Z&knownAt=2027-03-01T00:00:00Z`)).toBe(30000);
  });

  it('lineage lists the ledger facts and source records behind a value, at any instant', async () => {
    const now = await get(admin, '/objectives/emea/key-results/arr/lineage');
    expect(now.status).toBe(200);
    expect(now.body.value).toBe(35000);
    expect(now.body.records).toEqual([
      {
        dataPointId: 'salesforce:opp-2:sales.closed_won_amount@1',
        ledgerPosition: 2,
        sourceRecordKey: 'salesforce:opp-2:sales.closed_won_amount',
        recordVersion: 1,
        source: { system: 'salesforce', recordId: 'opp-2' },
        subject: { type: 'person', id: 'sam' },
        value: 20000,
        occurredAt: '2027-03-01T11:00:00.000Z',
        recordedAt: '2027-03-01T11:30:00.000Z',
      },
      {
        dataPointId: 'salesforce:opp-3:sales.closed_won_amount@1',
        ledgerPosition: 4,
        sourceRecordKey: 'salesforce:opp-3:sales.closed_won_amount',
        recordVersion: 1,
        source: { system: 'salesforce', recordId: 'opp-3' },
        subject: { type: 'person', id: 'rita' },
        value: 15000,
        occurredAt: '2027-03-30T16:00:00.000Z',
        recordedAt: '2027-04-02T07:55:00.000Z',
      },
    ]);
    expect(now.body.others).toBeUndefined();

    const believedInFebruary = await get(admin, '/objectives/emea/key-results/arr/lineage?knownAt=2027-02-11T00:00:00Z');
    expect(believedInFebruary.body).toMatchObject({ value: 30000, records: [expect.objectContaining({ dataPointId: 'salesforce:opp-1:sales.closed_won_amount@1', ledgerPosition: 1, value: 30000 })] });
    expect(believedInFebruary.body.records).toHaveLength(1);

    const ritaOwn = await get(rita, '/targets/q-rita/lineage');
    expect(ritaOwn.body).toMatchObject({ value: 15000, records: [expect.objectContaining({ dataPointId: 'salesforce:opp-3:sales.closed_won_amount@1' })] });
    expect(ritaOwn.body.records).toHaveLength(1);
    expect((await get(lead, '/targets/q-rita/lineage')).status).toBe(200);
  });

  it('a plain team member cannot see a colleague’s contributions', async () => {
    expect((await get(sam, '/targets/q-rita/lineage')).status).toBe(404);
    const team = await get(sam, '/objectives/emea/key-results/arr/lineage');
    expect(team.status).toBe(200);
    // Two people behind the team number: Sam would subtract his own and learn Rita's.
    expect(team.body).toMatchObject({ withheld: true, reason: expect.stringContaining('fewer than 3') });
    expect(team.body).not.toHaveProperty('value');
    expect(team.body.records).toEqual([expect.objectContaining({ subject: { type: 'person', id: 'sam' }, value: 20000 })]);
    expect(team.body.others).toEqual({ withheld: true, reason: expect.any(String) });
    expect(JSON.stringify(team.body)).not.toMatch(/opp-3|15000|rita/);

    // The histories hold goal changes only: no fact is in them, for Sam or for an admin.
    expect(JSON.stringify((await get(sam, '/objectives/emea/history')).body)).not.toMatch(/opp-|15000|30000/);
    expect(JSON.stringify((await get(admin, '/objectives/emea/history')).body)).not.toMatch(/opp-|15000|30000/);
  });

  it('after the quarter closes, a fact into it is a pending difference an admin accepts or rejects', async () => {
    svc.clock.set('2027-04-05T09:00:00.000Z');
    expect((await post(admin, '/cycles/fy27-q1/close', { scoringRule: 'linear-v1' })).status).toBe(201);
    const [late] = await deliver('2027-04-06T09:05:00.000Z', dataPoint('opp-4', 1, 'rita', 5000, '2027-03-31T12:00:00.000Z', '2027-04-06T09:00:00.000Z'));
    expect(await teamValue()).toBe(35000);
    expect(await ritaValue()).toBe(15000);

    expect((await get(lead, '/cycles/fy27-q1/pending-differences')).status).toBe(403);
    const pending = await get(admin, '/cycles/fy27-q1/pending-differences');
    expect(pending.status).toBe(200);
    expect(pending.body.differences).toEqual(
      expect.arrayContaining([
        { goal: { kind: 'objective', id: 'emea', keyResultId: 'arr' }, frozenValue: 35000, frozenAt: 4, reviewedUpTo: 4, currentValue: 40000, difference: 5000 },
        { goal: { kind: 'target', id: 'q-rita' }, frozenValue: 15000, frozenAt: 4, reviewedUpTo: 4, currentValue: 20000, difference: 5000 },
      ]),
    );
    expect(pending.body.differences).toHaveLength(2);

    const noReason = await post(admin, '/objectives/emea/key-results/arr/pending-difference/accept', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);
    expect((await post(admin, '/objectives/emea/key-results/arr/pending-difference/accept', { reason: 'closed on 31 March, synced late' })).status).toBe(201);
    expect((await post(admin, '/targets/q-rita/pending-difference/reject', { reason: 'counted in the team number only' })).status).toBe(201);
    // Rejected already up to what is held: nothing more to record.
    expect((await post(admin, '/targets/q-rita/pending-difference/reject', { reason: 'again' })).status).toBe(200);

    expect(await teamValue()).toBe(40000);
    expect(await ritaValue()).toBe(15000);
    expect((await get(admin, '/cycles/fy27-q1/pending-differences')).body.differences).toEqual([]);
    const lineage = (await get(admin, '/objectives/emea/key-results/arr/lineage')).body;
    expect(lineage.value).toBe(40000);
    expect(lineage.records.map((r: { dataPointId: string }) => r.dataPointId)).toContain(late.dataPointId);
    const amended = (await get(admin, '/cycles/fy27-q1/history')).body.events.find((e: { type: string }) => e.type === 'BoundValueAmended');
    expect(amended).toMatchObject({ actor: 'olivia', reason: 'closed on 31 March, synced late', data: { value: 40000, previousValue: 35000 } });

    // Delivered again after the decision, with a deal of the next quarter: no new difference.
    await redeliverDataPoints(svc, '2027-04-07T09:00:00.000Z', [late], [dataPoint('opp-5', 1, 'sam', 9000, '2027-04-07T08:00:00.000Z', '2027-04-07T08:30:00.000Z')]);
    expect((await get(admin, '/cycles/fy27-q1/pending-differences')).body.differences).toEqual([]);
    expect(await teamValue()).toBe(40000);
  });
});
