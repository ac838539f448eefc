import { changeEvent, deal } from '../metrics-ingestion/salesforce-change-events';
import { CLOSED_WON, eventually, fakeDateFrom, PlatformTestService, startPlatformForTest } from './platform-test-service';

const OWNERS = { ada: '005Dn000001AdaAAA', bob: '005Dn000001BobAAA', cy: '005Dn000001CyyAAA', dev: '005Dn000001DevAAA' };
const REPS = ['ada', 'bob', 'cy', 'dev'] as const;
const QUARTER_START = '2027-01-01T00:00:00Z';
const END_OF_QUARTER = '2027-03-31T23:59:59Z';
const MOVE = '2027-02-15T00:00:00Z';

/**
 * A company that starts using the platform on 10 April sets up last quarter as it was: its sales
 * department with two teams, people, leads and memberships since 1 January, Bob's move from EMEA to
 * US on 15 February, the quarter, quotas and team key results, all dated back; then it imports the
 * quarter's Salesforce history. Every number is right as of the quarter's end, and "as known at" an
 * instant of today shows what had been imported and recorded by then.
 */
describe('last quarter, set up today', () => {
  let svc: PlatformTestService;
  const at = (instant: string) => jest.setSystemTime(new Date(instant));
  const admin = () => svc.token('olivia', 'admin');
  const send = async (method: 'post' | 'delete', path: string, body?: object) => {
    const request = svc.goals[method](path).set('Authorization', `Bearer ${await admin()}`);
    return body ? request.send(body) : request;
  };
  const post = async (path: string, body: object) => (await send('post', path, { ...body, effectiveAt: QUARTER_START })).status;
  const goalsGet = async (path: string) => (await svc.goals.get(path).set('Authorization', `Bearer ${await admin()}`).expect(200)).body;

  const targets = async (query = '') => Object.fromEntries(await Promise.all(REPS.map(async (rep) => [rep, (await goalsGet(`/targets/q-${rep}${query}`)).state.currentValue])));
  const keyResult = async (objective: string, query = '') => (await goalsGet(`/objectives/${objective}${query}`)).state.keyResults['closed-won'].currentValue;
  const teams = async (query = '') => ({ emea: await keyResult('win-emea', query), us: await keyResult('win-us', query) });

  async function importSalesforce(receivedAt: string, events: object[]) {
    at(receivedAt);
    await svc.ingestion.post('/salesforce/change-events').set('Authorization', `Bearer ${await svc.token('integration:salesforce', 'integration')}`).send(events).expect(200);
  }

  beforeAll(async () => {
    fakeDateFrom('2027-04-10T09:00:00.000Z');
    svc = await startPlatformForTest();
  });
  afterAll(async () => {
    await svc?.close();
    jest.useRealTimers();
  });

  it('sets up the organisation, the quarter and its goals as they were from 1 January', async () => {
    const orgCsv = [
      'type,id,name,kind,parent_id,email,unit_id,lead',
      'unit,acme,Acme,company,,,,',
      'unit,sales,Sales,department,acme,,,',
      'unit,emea,EMEA,team,sales,,,',
      'unit,us,US,team,sales,,,',
      'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
      'person,dana,Dana Director,,,dana@acme.test,sales,yes',
      'person,lars,Lars Lead,,,lars@acme.test,emea,yes',
      'person,uma,Uma Lead,,,uma@acme.test,us,yes',
      'person,ada,Ada Rep,,,ada@acme.test,emea,',
      'person,bob,Bob Rep,,,bob@acme.test,emea,',
      'person,cy,Cy Rep,,,cy@acme.test,us,',
      'person,dev,Dev Rep,,,dev@acme.test,us,',
    ].join('\n');
    const imported = await svc.goals.post('/org/import').query({ effectiveAt: QUARTER_START }).set('Authorization', `Bearer ${await admin()}`).set('Content-Type', 'text/csv').send(orgCsv);
    expect(imported.status).toBe(200);
    expect(imported.body.summary).toMatchObject({ created: 12, rejected: 0 });
    expect(await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 })).toBe(201);
    const teamScope = (unitId: string) => ({ metric: CLOSED_WON, aggregation: 'sum', scope: { type: 'unit', unitId, includeSubUnits: true } });
    for (const [id, owner] of [['win-emea', { type: 'team', id: 'emea' }], ['win-us', { type: 'team', id: 'us' }], ['win-sales', { type: 'department', id: 'sales' }]] as const) {
      expect(await post('/objectives', { id, cycleId: 'fy27-q1', title: `Win (${owner.id})`, owner, commitment: 'committed' })).toBe(201);
      expect(await post(`/objectives/${id}/key-results`, { id: 'closed-won', title: 'Closed-won revenue', kind: 'metric', start: 0, target: 200000, unit: 'EUR', direction: 'increase' })).toBe(201);
    }
    expect(await post('/objectives/win-emea/key-results/closed-won/metric-binding', teamScope('emea'))).toBe(201);
    expect(await post('/objectives/win-us/key-results/closed-won/metric-binding', teamScope('us'))).toBe(201);
    for (const rep of REPS) {
      const unitId = rep === 'ada' || rep === 'bob' ? 'emea' : 'us';
      expect(await post('/targets', { id: `q-${rep}`, personId: rep, unitId, cycleId: 'fy27-q1', metric: CLOSED_WON, targetValue: 50000, unit: 'EUR' })).toBe(201);
      expect(await post(`/targets/q-${rep}/metric-binding`, { aggregation: 'sum' })).toBe(201);
    }
    await svc.defineMetric(CLOSED_WON, { name: 'Closed-won amount', unit: 'EUR' });
    for (const rep of REPS) await svc.ingestion.put(`/salesforce/owners/${OWNERS[rep]}`).set('Authorization', `Bearer ${await admin()}`).send({ personId: rep }).expect(200);

    // The organisation as it was on 10 January, from a request made on 10 April.
    const org = await goalsGet('/org?asOf=2027-01-10T00:00:00Z');
    expect(org.state.units.emea.members).toEqual(['lars', 'ada', 'bob']);
    expect(await goalsGet('/org?asOf=2026-12-31T00:00:00Z')).toMatchObject({ state: { units: {} } });
  });

  it('imports the quarter’s Salesforce history, then a correction and a late deal', async () => {
    await importSalesforce('2027-04-10T09:30:00Z', [
      changeEvent('CREATE', ['006A1'], deal(OWNERS.ada, 'Closed Won', 20000, '2027-01-20'), '2027-01-20T16:00:00Z'),
      changeEvent('CREATE', ['006B1'], deal(OWNERS.bob, 'Closed Won', 45000, '2027-02-01'), '2027-02-01T11:00:00Z'),
      changeEvent('CREATE', ['006B2'], deal(OWNERS.bob, 'Closed Won', 30000, '2027-03-05'), '2027-03-05T09:00:00Z'),
      changeEvent('CREATE', ['006C1'], deal(OWNERS.cy, 'Closed Won', 25000, '2027-03-25'), '2027-03-25T15:00:00Z'),
      changeEvent('CREATE', ['006D1'], deal(OWNERS.dev, 'Closed Won', 12000, '2027-03-20'), '2027-03-20T15:00:00Z'),
    ]);
    await eventually(async () => expect(await targets(`?asOf=${END_OF_QUARTER}`)).toEqual({ ada: 20000, bob: 75000, cy: 25000, dev: 12000 }));
    // Nobody had told the platform of Bob's move yet: all his deals count for EMEA.
    expect(await teams(`?asOf=${END_OF_QUARTER}`)).toEqual({ emea: 95000, us: 37000 });

    // Bob moved from EMEA to US on 15 February; the company records it today.
    at('2027-04-10T10:15:00Z');
    expect((await send('delete', `/org/units/emea/members/bob?effectiveAt=${MOVE}`)).status).toBe(201);
    expect((await send('post', '/org/units/us/members', { personId: 'bob', effectiveAt: MOVE })).status).toBe(201);

    await importSalesforce('2027-04-10T11:00:00Z', [
      changeEvent('UPDATE', ['006B1'], { Amount: 50000 }, '2027-02-20T12:00:00Z'),
      changeEvent('CREATE', ['006A2'], deal(OWNERS.ada, 'Closed Won', 15000, '2027-03-31'), '2027-03-31T17:00:00Z'),
    ]);
    await eventually(async () => expect(await targets(`?asOf=${END_OF_QUARTER}`)).toEqual({ ada: 35000, bob: 80000, cy: 25000, dev: 12000 }));
  });

  it('counts each person in the team they were in when each deal closed', async () => {
    // EMEA: Ada's deals and Bob's February deal; US: Bob's March deal, Cy's and Dev's.
    expect(await teams(`?asOf=${END_OF_QUARTER}`)).toEqual({ emea: 85000, us: 67000 });
    // Before the move took effect, US had only Cy and Dev (whose deals closed later).
    expect(await teams('?asOf=2027-02-10T00:00:00Z')).toEqual({ emea: 70000, us: 0 });
    const emeaLineage = await goalsGet(`/objectives/win-emea/key-results/closed-won/lineage?asOf=${END_OF_QUARTER}`);
    expect(emeaLineage.records.map((r: { source: { recordId: string } }) => r.source.recordId).sort()).toEqual(['006A1', '006A2', '006B1']);
  });

  it('answers as known at chosen instants of today: what had been imported and recorded by then', async () => {
    const knownAt = (instant: string) => `?asOf=${END_OF_QUARTER}&knownAt=${instant}`;
    expect(await targets(knownAt('2027-04-10T09:15:00Z'))).toEqual({ ada: 0, bob: 0, cy: 0, dev: 0 });
    expect(await targets(knownAt('2027-04-10T10:00:00Z'))).toEqual({ ada: 20000, bob: 75000, cy: 25000, dev: 12000 });
    expect(await teams(knownAt('2027-04-10T10:00:00Z'))).toEqual({ emea: 95000, us: 37000 });
    expect(await teams(knownAt('2027-04-10T10:30:00Z'))).toEqual({ emea: 65000, us: 67000 });
    expect(await teams(knownAt('2027-04-10T11:30:00Z'))).toEqual({ emea: 85000, us: 67000 });
  });

  it('shows the full total on a key result bound after every fact arrived, each person counted once', async () => {
    at('2027-04-10T12:00:00Z');
    const binding = { metric: CLOSED_WON, aggregation: 'sum', scope: { type: 'unit', unitId: 'sales', includeSubUnits: true }, effectiveAt: QUARTER_START };
    expect((await send('post', '/objectives/win-sales/key-results/closed-won/metric-binding', binding)).status).toBe(201);
    expect(await keyResult('win-sales', `?asOf=${END_OF_QUARTER}`)).toBe(152000);
    expect(await keyResult('win-sales')).toBe(152000);
    // Before the binding was recorded, the key result had no value: it was not bound as known then.
    expect(await keyResult('win-sales', `?asOf=${END_OF_QUARTER}&knownAt=2027-04-10T11:30:00Z`)).toBeNull();
  });

  it('shows the same numbers on reporting’s dashboards as of the quarter’s end', async () => {
    const dashboard = async (unit: string, query = '') =>
      (await svc.reporting.get(`/units/${unit}/cycles/fy27-q1/dashboard${query}`).set('Authorization', `Bearer ${await admin()}`).expect(200)).body;
    const quarterEnd = `?asOf=${END_OF_QUARTER}`;
    const sales = await eventually(async () => {
      const body = await dashboard('sales', quarterEnd);
      expect(body.objectives.map((o: { keyResults: { value: number }[] }) => o.keyResults[0].value)).toEqual([152000]);
      return body;
    });
    const rows = Object.fromEntries(sales.targets.rows.map((row: { personId: string; value: number }) => [row.personId, row.value]));
    expect(rows).toEqual({ ada: 35000, bob: 80000, cy: 25000, dev: 12000 });
    expect((await dashboard('emea', quarterEnd)).objectives[0].keyResults[0].value).toBe(85000);
    expect((await dashboard('us', quarterEnd)).objectives[0].keyResults[0].value).toBe(67000);
    expect((await dashboard('emea', `${quarterEnd}&knownAt=2027-04-10T10:00:00Z`)).objectives[0].keyResults[0].value).toBe(95000);
  });
});
