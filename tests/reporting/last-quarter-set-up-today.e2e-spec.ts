import { InProcessBus } from '@okr/message-bus';
import { METRIC_INDEX } from '@okr/metric-ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedDeal, DataPoint, deliverDataPoints, GoalsTestService, startGoalsService } from '../goals/goals-test-service';
import { ReportingTestService, startReportingService } from './reporting-test-service';

const WON = 'sales.closed_won_amount';
const QUARTER_START = '2027-01-01T00:00:00.000Z';
const END = '2027-03-31T23:59:59Z';
const MOVE = '2027-02-15T00:00:00.000Z';

const ORG_CSV = [
  'type,id,name,kind,parent_id,email,unit_id,lead',
  'unit,acme,Acme,company,,,,',
  'unit,sales,Sales,department,acme,,,',
  'unit,emea,EMEA,team,sales,,,',
  'unit,us,US,team,sales,,,',
  'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
  'person,dana,Dana Director,,,dana@acme.test,sales,yes',
  'person,lars,Lars Lead,,,lars@acme.test,emea,yes',
  'person,ada,Ada Rep,,,ada@acme.test,emea,',
  'person,bob,Bob Rep,,,bob@acme.test,emea,',
  'person,cy,Cy Rep,,,cy@acme.test,emea,',
  'person,uma,Uma Lead,,,uma@acme.test,us,yes',
  'person,dev,Dev Rep,,,dev@acme.test,us,',
  'person,eve,Eve Rep,,,eve@acme.test,us,',
  'person,fay,Fay Rep,,,fay@acme.test,us,',
].join('\n');

const REPS = [
  ['ada', 'emea'],
  ['bob', 'emea'],
  ['cy', 'emea'],
  ['dev', 'us'],
  ['eve', 'us'],
  ['fay', 'us'],
] as const;

/** A deal closed on `occurredAt` in the CRM and imported into the platform at `importedAt` (its transaction time). */
const imported = (importedAt: string, point: DataPoint): DataPoint => ({ ...point, receivedAt: importedAt });

/** A later version of a deal: the same record, another amount. */
const amended = (point: DataPoint, version: number, value: number): DataPoint => ({ ...point, dataPointId: `${point.sourceRecordKey}@${version}`, recordVersion: version, value });

/**
 * Reporting's side of a company that starts on 10 April and sets up last quarter as it was: the
 * organisation, the quarter, its objectives, targets and bindings all dated back to 1 January,
 * then the quarter's CRM history imported, a team move recorded after the fact, a key result bound
 * after every fact arrived, the quarter closed, and a deal that arrives after the close.
 *
 *             deals (closed on)                          quota
 *   ada EMEA  20,000 (20 Jan), 15,000 (31 Mar, 2nd import), 9,000 (30 Mar, after the close)
 *   bob       45,000 → 50,000 (1 Feb, corrected), 30,000 (5 Mar); moved to US on 15 February
 *   cy  EMEA  10,000 (8 Feb)
 *   dev US    25,000 (25 Mar)
 *   eve US    12,000 (20 Mar)
 *   fay US     8,000 (15 Jan)
 */
describe('reporting last quarter, set up today', () => {
  let goals: GoalsTestService;
  let reporting: ReportingTestService;
  let admin: string;
  const bus = new InProcessBus();
  const dataDir = mkdtempSync(join(tmpdir(), 'okr-reporting-last-quarter-'));

  const at = (instant: string) => goals.clock.set(instant);
  const send = (method: 'post' | 'delete', path: string, body?: object) => goals.http[method](path).set('Authorization', `Bearer ${admin}`).send(body);
  /** A goals command dated back to the quarter's start. */
  const backdated = (path: string, body: object) => send('post', path, { ...body, effectiveAt: QUARTER_START }).expect(201);
  const deliver = (now: string, points: DataPoint[]) => deliverDataPoints(goals, now, points, [reporting]);

  const dashboard = async (unitId: string, query = '', viewer = 'olivia', role: 'admin' | 'member' = 'admin') => {
    await reporting.settled();
    const res = await reporting.get(viewer, `/units/${unitId}/cycles/fy27-q1/dashboard${query}`, role);
    expect(res.status).toBe(200);
    return res.body;
  };
  const keyResultValue = (body: { objectives: { keyResults: { value: number | null }[] }[] }) => body.objectives[0].keyResults[0].value;
  const rowsOf = (body: { targets: { rows: { personId: string; value: number }[] } }) => Object.fromEntries(body.targets.rows.map((row) => [row.personId, row.value]));
  /** The two teams' key results and every person's target, from the department's and the teams' dashboards. */
  const quarter = async (query: string) => ({
    emea: keyResultValue(await dashboard('emea', query)),
    us: keyResultValue(await dashboard('us', query)),
    targets: rowsOf(await dashboard('sales', query)),
  });

  const firstImport = '2027-04-10T09:30:00.000Z';
  const bobsFebruaryDeal = imported(firstImport, closedDeal('opp-b1', 'bob', 45000, '2027-02-01T11:00:00.000Z'));

  beforeAll(async () => {
    goals = await startGoalsService({ now: '2027-04-10T09:00:00.000Z', bus });
    reporting = await startReportingService({ goals, bus, clock: goals.clock, dataDir });
    admin = await goals.token('olivia', 'admin');

    // 09:00 on 10 April: the organisation, the quarter and its goals as they were from 1 January.
    await goals.http.post('/org/import').query({ effectiveAt: QUARTER_START }).set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(ORG_CSV).expect(200);
    await backdated('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 });
    for (const [id, owner] of [['win-emea', { type: 'team', id: 'emea' }], ['win-us', { type: 'team', id: 'us' }], ['win-sales', { type: 'department', id: 'sales' }]] as const) {
      await backdated('/objectives', { id, cycleId: 'fy27-q1', title: `Win (${owner.id})`, owner, commitment: 'committed' });
      await backdated(`/objectives/${id}/key-results`, { id: 'closed-won', title: 'Closed-won revenue', kind: 'metric', start: 0, target: 200000, unit: 'EUR', direction: 'increase' });
    }
    for (const team of ['emea', 'us']) {
      await backdated(`/objectives/win-${team}/key-results/closed-won/metric-binding`, { metric: WON, aggregation: 'sum', scope: { type: 'unit', unitId: team, includeSubUnits: true } });
    }
    for (const [person, unitId] of REPS) {
      await backdated('/targets', { id: `q-${person}`, personId: person, unitId, cycleId: 'fy27-q1', metric: WON, targetValue: 50000, unit: 'EUR' });
      await backdated(`/targets/q-${person}/metric-binding`, { aggregation: 'sum' });
    }
    await reporting.settled();

    // 09:30: the quarter's CRM history.
    await deliver(firstImport, [
      imported(firstImport, closedDeal('opp-f1', 'fay', 8000, '2027-01-15T10:00:00.000Z')),
      imported(firstImport, closedDeal('opp-a1', 'ada', 20000, '2027-01-20T16:00:00.000Z')),
      bobsFebruaryDeal,
      imported(firstImport, closedDeal('opp-c1', 'cy', 10000, '2027-02-08T12:00:00.000Z')),
      imported(firstImport, closedDeal('opp-b2', 'bob', 30000, '2027-03-05T09:00:00.000Z')),
      imported(firstImport, closedDeal('opp-e1', 'eve', 12000, '2027-03-20T15:00:00.000Z')),
      imported(firstImport, closedDeal('opp-d1', 'dev', 25000, '2027-03-25T15:00:00.000Z')),
    ]);

    // 10:15: Bob moved from EMEA to US on 15 February; the company records it today.
    at('2027-04-10T10:15:00.000Z');
    await send('delete', `/org/units/emea/members/bob?effectiveAt=${MOVE}`).expect(201);
    await send('post', '/org/units/us/members', { personId: 'bob', effectiveAt: MOVE }).expect(201);

    // 11:00: a correction of Bob's February deal and a deal of 31 March imported late.
    const secondImport = '2027-04-10T11:00:00.000Z';
    await deliver(secondImport, [imported(secondImport, amended(bobsFebruaryDeal, 2, 50000)), imported(secondImport, closedDeal('opp-a2', 'ada', 15000, '2027-03-31T17:00:00.000Z'))]);
    at('2027-04-10T11:45:00.000Z');
    await reporting.settled();
  });
  afterAll(async () => {
    await reporting?.close();
    await goals?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows per-person and team totals as of the quarter’s end, each deal in the team its owner was in when it closed', async () => {
    expect(await quarter(`?asOf=${END}`)).toEqual({
      // EMEA: Ada's deals, Bob's February deal (as corrected), Cy's; US: Bob's March deal, Dev's, Eve's and Fay's.
      emea: 95000,
      us: 75000,
      targets: { ada: 35000, bob: 80000, cy: 10000, dev: 25000, eve: 12000, fay: 8000 },
    });
    const emea = await dashboard('emea', `?asOf=${END}`);
    expect(emea.objectives[0]).toMatchObject({ id: 'win-emea', progress: 0.475, keyResults: [expect.objectContaining({ id: 'closed-won', value: 95000, progress: 0.475, source: 'ingested' })] });
    // Targets stay with the team they were set in, and count their person's deals wherever the person was.
    expect(emea.targets.aggregates).toEqual([expect.objectContaining({ metric: WON, withheld: false, people: 3, totalTarget: 150000, totalAttained: 125000 })]);
    expect(emea.targets.rows.map((row: { personId: string; source: string }) => [row.personId, row.source])).toEqual([
      ['ada', 'ingested'],
      ['bob', 'ingested'],
      ['cy', 'ingested'],
    ]);
  });

  it('rolls the teams up into the department counting the moved person’s deals once', async () => {
    const sales = await dashboard('sales', `?asOf=${END}`);
    expect(sales.unit).toMatchObject({ id: 'sales', kind: 'department' });
    expect(sales.subUnits.map((s: { unit: { id: string }; objectives: { progress: number } }) => [s.unit.id, s.objectives.progress])).toEqual([
      ['emea', 0.475],
      ['us', 0.375],
    ]);
    // 170,000 = 95,000 + 75,000: Bob's 80,000 once, split between the teams.
    expect(sales.targets.aggregates).toEqual([expect.objectContaining({ metric: WON, people: 6, totalTarget: 300000, totalAttained: 170000 })]);
    expect(sales.subUnits.map((s: { targets: { totalAttained: number }[] }) => s.targets[0].totalAttained)).toEqual([125000, 45000]);
  });

  it('answers mid-quarter with what is known now: before the move took effect, Bob counts for EMEA only', async () => {
    expect(await quarter('?asOf=2027-02-10T00:00:00Z')).toEqual({
      emea: 80000,
      us: 8000,
      targets: { ada: 20000, bob: 50000, cy: 10000, dev: 0, eve: 0, fay: 8000 },
    });
  });

  it('answers as known at chosen instants of today: what had been imported and recorded by then', async () => {
    const knownAt = (instant: string) => `?asOf=${END}&knownAt=${instant}`;
    // Set up, nothing imported yet: the bound goals read 0.
    expect(await quarter(knownAt('2027-04-10T09:15:00Z'))).toEqual({ emea: 0, us: 0, targets: { ada: 0, bob: 0, cy: 0, dev: 0, eve: 0, fay: 0 } });
    // Imported, the move not recorded yet: all of Bob's deals count for EMEA.
    expect(await quarter(knownAt('2027-04-10T10:00:00Z'))).toEqual({
      emea: 105000,
      us: 45000,
      targets: { ada: 20000, bob: 75000, cy: 10000, dev: 25000, eve: 12000, fay: 8000 },
    });
    // The move recorded, the correction and Ada's late deal not yet.
    expect(await quarter(knownAt('2027-04-10T10:30:00Z'))).toMatchObject({ emea: 75000, us: 75000, targets: { ada: 20000, bob: 75000 } });
    expect(await quarter(knownAt('2027-04-10T11:30:00Z'))).toEqual(await quarter(`?asOf=${END}`));
    // The team dashboard as it was on the morning of 10 April, per person: bob's row is for his lead
    // today (he moved to US), not for his former lead; an admin sees all three.
    expect(rowsOf(await dashboard('emea', knownAt('2027-04-10T10:00:00Z'), 'lars', 'member'))).toEqual({ ada: 20000, cy: 10000 });
    expect(rowsOf(await dashboard('emea', knownAt('2027-04-10T10:00:00Z'), 'olivia', 'admin'))).toEqual({ ada: 20000, bob: 75000, cy: 10000 });
  });

  it('shows the full total on the department’s key result bound after every fact arrived', async () => {
    expect(keyResultValue(await dashboard('sales', `?asOf=${END}`))).toBeNull();
    at('2027-04-10T12:00:00.000Z');
    await backdated('/objectives/win-sales/key-results/closed-won/metric-binding', { metric: WON, aggregation: 'sum', scope: { type: 'unit', unitId: 'sales', includeSubUnits: true } });
    const sales = await dashboard('sales', `?asOf=${END}`);
    expect(sales.objectives[0].keyResults[0]).toMatchObject({ value: 170000, progress: 0.85, source: 'ingested' });
    expect(keyResultValue(await dashboard('sales'))).toBe(170000);
    expect(keyResultValue(await dashboard('sales', '?asOf=2027-02-10T00:00:00Z'))).toBe(88000);
    // Before the binding was recorded it was not bound, as known then.
    expect(keyResultValue(await dashboard('sales', `?asOf=${END}&knownAt=2027-04-10T11:30:00Z`))).toBeNull();
  });

  describe('once the quarter is closed', () => {
    const lateDeal = '2027-04-10T14:00:00.000Z';

    beforeAll(async () => {
      at('2027-04-10T13:00:00.000Z');
      await send('post', '/cycles/fy27-q1/close', { scoringRule: 'linear-v1' }).expect(201);
      await reporting.settled();
      // A deal of 30 March that reaches the platform after the close.
      await deliver(lateDeal, [imported(lateDeal, closedDeal('opp-a3', 'ada', 9000, '2027-03-30T10:00:00.000Z'))]);
      at('2027-04-10T14:30:00.000Z');
    });

    it('keeps every dashboard at the values frozen at the close when a fact arrives after it', async () => {
      const frozen = { emea: 95000, us: 75000, targets: { ada: 35000, bob: 80000, cy: 10000, dev: 25000, eve: 12000, fay: 8000 } };
      expect(await quarter('')).toEqual(frozen);
      expect(await quarter(`?asOf=${END}`)).toEqual(frozen);
      const sales = await dashboard('sales');
      expect(sales.cycle.status).toBe('closed');
      expect(keyResultValue(sales)).toBe(170000);
      expect(sales.targets.aggregates[0]).toMatchObject({ people: 6, totalAttained: 170000 });
      // As known before the close, the cycle was open and the late deal unknown: the same numbers.
      expect(await quarter(`?asOf=${END}&knownAt=2027-04-10T12:30:00Z`)).toEqual(frozen);
    });

    it('moves a closed key result only when an admin accepts the difference, and only that one', async () => {
      at('2027-04-10T15:00:00.000Z');
      await send('post', '/objectives/win-emea/key-results/closed-won/pending-difference/accept', { reason: 'a deal of 30 March entered late' }).expect(201);
      const emea = await dashboard('emea');
      expect(emea.objectives[0].keyResults[0]).toMatchObject({ value: 104000, progress: 0.52 });
      // Ada's target and the department's key result keep their frozen values: their differences are still pending.
      expect(rowsOf(emea).ada).toBe(35000);
      expect(keyResultValue(await dashboard('sales'))).toBe(170000);
      // As known before the amendment: the frozen value.
      expect(keyResultValue(await dashboard('emea', '?knownAt=2027-04-10T14:45:00Z'))).toBe(95000);
    });

    it('keeps goal changes only in the goals’ audit trails: the bindings with both times, no entry per deal', async () => {
      const trail = async (path: string) => (await reporting.get('olivia', path, 'admin')).body.changes.map((c: { type: string; recordedAt: string; effectiveAt: string }) => [c.type, c.recordedAt, c.effectiveAt]);
      const setUp = '2027-04-10T09:00:00.000Z';
      expect(await trail('/objectives/win-emea/history')).toEqual([
        ['ObjectiveDefined', setUp, QUARTER_START],
        ['KeyResultAdded', setUp, QUARTER_START],
        ['KeyResultBoundToMetric', setUp, QUARTER_START],
      ]);
      expect(await trail('/objectives/win-sales/history')).toEqual([
        ['ObjectiveDefined', setUp, QUARTER_START],
        ['KeyResultAdded', setUp, QUARTER_START],
        ['KeyResultBoundToMetric', '2027-04-10T12:00:00.000Z', QUARTER_START],
      ]);
      expect(await trail('/targets/q-ada/history')).toEqual([
        ['TargetSet', setUp, QUARTER_START],
        ['TargetBoundToMetric', setUp, QUARTER_START],
      ]);
    });

    it('answers the same after a restart on its data directory, with no bus traffic: goal events from its read store, facts from its metric index snapshot', async () => {
      const probes = ['', `?asOf=${END}&knownAt=2027-04-10T10:00:00Z`, '?asOf=2027-02-10T00:00:00Z&knownAt=2027-04-10T14:30:00Z'];
      const answers = async () => Promise.all(['emea', 'us', 'sales'].flatMap((unit) => probes.map((query) => dashboard(unit, query))));
      const before = await answers();
      await reporting.close();
      reporting = await startReportingService({ goals, bus: new InProcessBus(), clock: goals.clock, dataDir });
      expect(reporting.app.get<{ watermark: number }>(METRIC_INDEX).watermark).toBe(10);
      expect(await answers()).toEqual(before);
    });
  });
});
