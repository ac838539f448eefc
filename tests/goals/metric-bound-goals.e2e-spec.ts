import { MetricDataPointMessage } from '@okr/contracts';
import { InProcessBus } from '@okr/message-bus';
import { deliverDataPoints, GoalsTestService, startGoalsService } from './goals-test-service';

/**
 * Goals that move by themselves: a person's quota and the team's key result bound to the metric
 * metrics-ingestion publishes, driven over HTTP, with data points published on the bus the
 * service consumes. What users see: values that move once per change, lineage back to the source
 * records (private rows only for those who may see them), exact time travel, and a review step for
 * what arrives after the quarter closed.
 */
describe('goals bound to metrics', () => {
  let svc: GoalsTestService;
  let bus: InProcessBus;
  let admin: string;
  let lead: string;
  let rita: string;
  let sam: string;

  beforeAll(async () => {
    bus = new InProcessBus();
    svc = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
    [admin, lead, rita, sam] = await Promise.all([svc.token('olivia', 'admin'), svc.token('lars', 'member'), svc.token('rita', 'member'), svc.token('sam', 'member')]);
  });
  afterAll(async () => {
    await svc.close();
    await bus.close();
  });

  const post = (token: string, path: string, body: object) => svc.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (token: string, path: string) => svc.http.get(path).set('Authorization', `Bearer ${token}`);

  /** A Salesforce opportunity's contribution, as metrics-ingestion publishes it. */
  const dataPoint = (opportunity: string, recordVersion: number, person: string, value: number | null, occurredAt: string, receivedAt: string): MetricDataPointMessage => {
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

  const deliver = (now: string, ...points: MetricDataPointMessage[]) => deliverDataPoints(svc, bus, now, points);

  const teamValue = async (query = '') => (await get(admin, `/objectives/emea${query}`)).body.state.keyResults.arr.currentValue;
  const ritaValue = async (query = '') => (await get(rita, `/targets/q-rita${query}`)).body.state.currentValue;

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
    expect((await post(lead, '/targets', { id: 'q-rita', personId: 'rita', unitId: 'sales-emea', cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' })).status).toBe(201);
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
    expect((await post(admin, '/objectives/emea/key-results/arr/metric-binding', bindKeyResult)).status).toBe(200);
    expect((await post(admin, '/targets/q-rita/metric-binding', { aggregation: 'sum' })).status).toBe(201);
    expect((await post(admin, '/kpis/deals/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'count', window: 'calendar-quarter' })).status).toBe(201);

    const objective = await get(admin, '/objectives/emea');
    expect(objective.body.state.keyResults.arr.boundMetric).toEqual({
      binding: { ...bindKeyResult, window: { kind: 'cycle', from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' } },
      pendingProposals: 0,
    });
    const manual = await post(lead, '/objectives/emea/key-results/arr/check-ins', { value: 1, confidence: 'on-track' });
    expect(manual.status).toBe(422);

    const documented = Object.keys((await svc.http.get('/openapi.json')).body.paths);
    expect(documented).toEqual(expect.arrayContaining(['/objectives/{objectiveId}/key-results/{keyResultId}/metric-binding', '/kpis/{kpiId}/lineage', '/targets/{targetId}/metric-proposals']));
  });

  it('a deal closed by Rita moves her target and the team key result; a duplicate changes nothing', async () => {
    const won = dataPoint('opp-1', 1, 'rita', 30000, '2027-02-10T09:00:00.000Z', '2027-02-10T09:30:00.000Z');
    await deliver('2027-02-10T09:31:00.000Z', won);
    expect(await ritaValue()).toBe(30000);
    expect((await get(rita, '/targets/q-rita')).body.attainment).toEqual({ value: 30000, againstOriginal: 0.6, againstCurrent: 0.6 });
    expect(await teamValue()).toBe(30000);
    expect((await get(admin, '/objectives/emea')).body.progress.keyResults.arr).toBeCloseTo(0.3);

    const versionsBefore = [(await get(admin, '/objectives/emea')).body.version, (await get(rita, '/targets/q-rita')).body.version];
    await deliver('2027-02-10T10:00:00.000Z', won, won);
    expect([(await get(admin, '/objectives/emea')).body.version, (await get(rita, '/targets/q-rita')).body.version]).toEqual(versionsBefore);
    expect(await teamValue()).toBe(30000);

    const events = (await get(admin, '/targets/q-rita/history')).body.events.filter((e: { type: string }) => e.type === 'MetricContributionRecorded');
    expect(events).toEqual([
      expect.objectContaining({
        actor: 'integration:salesforce',
        effectiveAt: '2027-02-10T09:00:00.000Z',
        recordedAt: '2027-02-10T09:31:00.000Z',
        correlationId: 'ingestion-batch-2027-02-10T09:30:00.000Z',
        causationId: won.dataPointId,
        data: expect.objectContaining({ dataPointId: won.dataPointId, sourceRecordKey: won.sourceRecordKey, recordVersion: 1, value: 30000, occurredAt: won.occurredAt }),
      }),
    ]);
  });

  it('Sam’s deal rolls up into the team number only; a retraction of Rita’s deal lowers both', async () => {
    await deliver('2027-03-01T12:00:00.000Z', dataPoint('opp-2', 1, 'sam', 20000, '2027-03-01T11:00:00.000Z', '2027-03-01T11:30:00.000Z'));
    expect(await teamValue()).toBe(50000);
    expect(await ritaValue()).toBe(30000);
    expect((await get(admin, '/kpis/deals')).body).toMatchObject({ state: { currentValue: 2 }, health: 'healthy' });

    // An older version arriving late is ignored; the newer one withdraws the deal.
    await deliver('2027-03-05T12:00:00.000Z', dataPoint('opp-1', 2, 'rita', null, '2027-03-05T11:00:00.000Z', '2027-03-05T11:30:00.000Z'));
    await deliver('2027-03-05T12:05:00.000Z', dataPoint('opp-1', 1, 'rita', 30000, '2027-02-10T09:00:00.000Z', '2027-02-10T09:30:00.000Z'));
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

  it('lineage lists the data points and source records behind a value, at any instant', async () => {
    const now = await get(admin, '/objectives/emea/key-results/arr/lineage');
    expect(now.status).toBe(200);
    expect(now.body.value).toBe(35000);
    expect(now.body.records).toEqual([
      expect.objectContaining({ dataPointId: 'salesforce:opp-2:sales.closed_won_amount@1', source: { system: 'salesforce', recordId: 'opp-2', changeId: 'cdc-opp-2-1' }, value: 20000, occurredAt: '2027-03-01T11:00:00.000Z', receivedAt: '2027-03-01T11:30:00.000Z' }),
      expect.objectContaining({ dataPointId: 'salesforce:opp-3:sales.closed_won_amount@1', source: { system: 'salesforce', recordId: 'opp-3', changeId: 'cdc-opp-3-1' }, value: 15000, occurredAt: '2027-03-30T16:00:00.000Z', receivedAt: '2027-04-02T07:55:00.000Z' }),
    ]);
    expect(now.body.others).toBeUndefined();

    const believedInFebruary = await get(admin, '/objectives/emea/key-results/arr/lineage?knownAt=2027-02-11T00:00:00Z');
    expect(believedInFebruary.body).toMatchObject({ value: 30000, records: [expect.objectContaining({ dataPointId: 'salesforce:opp-1:sales.closed_won_amount@1', value: 30000 })] });

    const ritaOwn = await get(rita, '/targets/q-rita/lineage');
    expect(ritaOwn.body).toMatchObject({ value: 15000, records: [expect.objectContaining({ dataPointId: 'salesforce:opp-3:sales.closed_won_amount@1' })] });
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

    const history = await get(sam, '/objectives/emea/history');
    expect(JSON.stringify(history.body)).not.toMatch(/opp-1|opp-3|15000|30000/);
    expect(JSON.stringify((await get(admin, '/objectives/emea/history')).body)).toMatch(/opp-3/);
  });

  it('after the quarter closes, a data point into it becomes a proposal an admin accepts or rejects', async () => {
    svc.clock.set('2027-04-05T09:00:00.000Z');
    expect((await post(admin, '/cycles/fy27-q1/close', { scoringRule: 'linear-v1' })).status).toBe(201);
    const late = dataPoint('opp-4', 1, 'rita', 5000, '2027-03-31T12:00:00.000Z', '2027-04-06T09:00:00.000Z');
    await deliver('2027-04-06T09:05:00.000Z', late);
    expect(await teamValue()).toBe(35000);
    expect(await ritaValue()).toBe(15000);

    expect((await get(lead, '/objectives/emea/key-results/arr/metric-proposals')).status).toBe(403);
    const proposals = await get(admin, '/objectives/emea/key-results/arr/metric-proposals');
    expect(proposals.body).toMatchObject({ cycleStatus: 'closed', proposals: [expect.objectContaining({ dataPointId: late.dataPointId, value: 5000, proposedAt: '2027-04-06T09:05:00.000Z' })] });
    expect((await get(admin, '/targets/q-rita/metric-proposals')).body.proposals).toHaveLength(1);

    const path = (goal: string, decision: string) => `${goal}/metric-proposals/${encodeURIComponent(late.dataPointId)}/${decision}`;
    const noReason = await post(admin, path('/objectives/emea/key-results/arr', 'accept'), {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);
    expect((await post(admin, path('/objectives/emea/key-results/arr', 'accept'), { reason: 'closed on 31 March, synced late' })).status).toBe(201);
    expect((await post(admin, path('/targets/q-rita', 'reject'), { reason: 'counted in the team number only' })).status).toBe(201);
    expect((await post(admin, path('/targets/q-rita', 'reject'), { reason: 'again' })).status).toBe(404);

    expect(await teamValue()).toBe(40000);
    expect(await ritaValue()).toBe(15000);
    expect((await get(admin, '/objectives/emea/key-results/arr/metric-proposals')).body.proposals).toEqual([]);
    const amended = (await get(admin, '/objectives/emea/key-results/arr/lineage')).body.records.find((r: { dataPointId: string }) => r.dataPointId === late.dataPointId);
    expect(amended).toMatchObject({ amendmentReason: 'closed on 31 March, synced late' });
    // Redelivered after the decision: applied already, nothing new.
    await deliver('2027-04-07T09:00:00.000Z', late);
    expect((await get(admin, '/objectives/emea/key-results/arr/metric-proposals')).body.proposals).toEqual([]);
  });
});
