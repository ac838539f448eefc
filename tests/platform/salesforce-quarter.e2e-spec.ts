import { changeEvent, deal } from '../metrics-ingestion/salesforce-change-events';
import { CLOSED_WON as METRIC, eventually, fakeDateFrom, PlatformTestService, setUpBoundSalesTeams, startPlatformForTest } from './platform-test-service';

const OWNERS = { ada: '005Dn000001AdaAAA', bob: '005Dn000001BobAAA', cy: '005Dn000001CyyAAA', dev: '005Dn000001DevAAA' };
const REPS = ['ada', 'bob', 'cy', 'dev'] as const;
type Totals = Record<(typeof REPS)[number], number>;

const END_OF_QUARTER = '2027-03-31T23:59:59Z';

/**
 * A quarter of Salesforce deals through the whole platform as `npm start` runs it: change events
 * posted to metrics-ingestion, data points applied to bound quotas and the team key result in
 * goals, and the same numbers on reporting's dashboards, now and at past instants. The platform
 * takes its time from the system clock, so the test sets the clock (Date only; timers stay real)
 * to each change's moment: that is when the platform learns of it, which `knownAt` reads back.
 */
describe('a quarter of Salesforce deals flowing into goals and dashboards', () => {
  let svc: PlatformTestService;
  // Tokens are signed at each request's instant: the test's clock crosses a quarter, they expire in hours.
  const admin = () => svc.token('olivia', 'admin');
  const at = (instant: string) => jest.setSystemTime(new Date(instant));

  const goalsGet = async (subject: string, path: string, role: 'member' | 'admin' = 'member') =>
    svc.goals.get(path).set('Authorization', `Bearer ${await svc.token(subject, role)}`);
  const dashboard = async (viewer: string, query = '', role: 'member' | 'admin' = 'member') =>
    (await svc.reporting.get(`/units/sales-emea/cycles/fy27-q1/dashboard${query}`).set('Authorization', `Bearer ${await svc.token(viewer, role)}`).expect(200)).body;

  const targetValue = async (rep: string, query = '') => (await goalsGet('olivia', `/targets/q-${rep}${query}`, 'admin')).body.state.currentValue;
  const teamValue = async (query = '') => (await goalsGet('olivia', `/objectives/win-sales-emea${query}`, 'admin')).body.state.keyResults['closed-won'].currentValue;

  /** What goals holds for each rep and for the team key result, read through its API. */
  async function goalsTotals(query = '') {
    const people = Object.fromEntries(await Promise.all(REPS.map(async (rep) => [rep, await targetValue(rep, query)])));
    return { people, team: await teamValue(query) };
  }
  const expectedTotals = (people: Totals) => ({ people, team: Object.values(people).reduce((sum, value) => sum + value, 0) });

  /** Posts change events at the instant the platform receives them and waits until goals shows the totals they lead to. */
  async function deliver(receivedAt: string, events: object[], then: Totals) {
    at(receivedAt);
    const answer = await svc.ingestion.post('/salesforce/change-events').set('Authorization', `Bearer ${await svc.token('integration:salesforce', 'integration')}`).send(events).expect(200);
    await eventually(async () => expect(await goalsTotals()).toEqual(expectedTotals(then)));
    return answer.body.events as { records: { recordId: string; outcome: string }[] }[];
  }

  beforeAll(async () => {
    fakeDateFrom('2027-01-04T09:00:00.000Z');
    svc = await startPlatformForTest();
  });
  afterAll(async () => {
    await svc?.close();
    jest.useRealTimers();
  });

  it('sets up the sales team, its quarter, quotas and key result bound to the closed-won metric', async () => {
    await setUpBoundSalesTeams(svc, { cycle: { id: 'fy27-q1', fiscalYear: 2027, quarter: 1 }, teams: [{ id: 'sales-emea', lead: 'lars', reps: REPS }], quota: 50000 });
    // cy's Salesforce user is left unmapped: their deal must wait for the mapping.
    for (const rep of ['ada', 'bob', 'dev'] as const) {
      await svc.ingestion.put(`/salesforce/owners/${OWNERS[rep]}`).set('Authorization', `Bearer ${await admin()}`).send({ personId: rep }).expect(200);
    }
    expect(await goalsTotals()).toEqual(expectedTotals({ ada: 0, bob: 0, cy: 0, dev: 0 }));
  });

  it('applies a quarter of opportunity changes exactly once each', async () => {
    // Open deals count for nobody.
    await deliver('2027-01-06T10:00:00Z', [changeEvent('CREATE', ['006A1'], deal(OWNERS.ada, 'Prospecting', 30000, '2027-02-15'), '2027-01-06T10:00:00Z'), changeEvent('CREATE', ['006D1'], deal(OWNERS.dev, 'Qualification', 12000, '2027-03-20'), '2027-01-06T10:05:00Z')], { ada: 0, bob: 0, cy: 0, dev: 0 });
    await deliver('2027-01-20T16:00:00Z', [changeEvent('CREATE', ['006A2'], deal(OWNERS.ada, 'Closed Won', 20000, '2027-01-20'), '2027-01-20T16:00:00Z')], { ada: 20000, bob: 0, cy: 0, dev: 0 });
    await deliver('2027-02-01T11:00:00Z', [changeEvent('CREATE', ['006B1'], deal(OWNERS.bob, 'Closed Won', 45000, '2027-02-01'), '2027-02-01T11:00:00Z')], { ada: 20000, bob: 45000, cy: 0, dev: 0 });
    // A stage change to Closed Won.
    await deliver('2027-02-15T12:00:00Z', [changeEvent('UPDATE', ['006A1'], { StageName: 'Closed Won', IsWon: true, IsClosed: true }, '2027-02-15T12:00:00Z')], { ada: 50000, bob: 45000, cy: 0, dev: 0 });
    // The amount of a closed deal corrected.
    const amountChange = changeEvent('UPDATE', ['006B1'], { Amount: 50000 }, '2027-02-20T12:00:00Z');
    await deliver('2027-02-20T12:00:00Z', [amountChange], { ada: 50000, bob: 50000, cy: 0, dev: 0 });
    // A won deal reopened: it no longer counts.
    await deliver('2027-03-01T12:00:00Z', [changeEvent('UPDATE', ['006A2'], { StageName: 'Negotiation/Review', IsWon: false, IsClosed: false }, '2027-03-01T12:00:00Z')], { ada: 30000, bob: 50000, cy: 0, dev: 0 });
    // A won deal handed over: it moves from ada's quota to bob's, the team total stays.
    await deliver('2027-03-05T09:00:00Z', [changeEvent('UPDATE', ['006A1'], { OwnerId: OWNERS.bob }, '2027-03-05T09:00:00Z')], { ada: 0, bob: 80000, cy: 0, dev: 0 });
    // Deleted, then restored from the recycle bin.
    await deliver('2027-03-10T09:00:00Z', [changeEvent('CREATE', ['006B2'], deal(OWNERS.bob, 'Closed Won', 10000, '2027-03-10'), '2027-03-10T09:00:00Z')], { ada: 0, bob: 90000, cy: 0, dev: 0 });
    await deliver('2027-03-11T09:00:00Z', [changeEvent('DELETE', ['006B2'], {}, '2027-03-11T09:00:00Z')], { ada: 0, bob: 80000, cy: 0, dev: 0 });
    await deliver('2027-03-12T09:00:00Z', [changeEvent('UNDELETE', ['006B2'], {}, '2027-03-12T09:00:00Z')], { ada: 0, bob: 90000, cy: 0, dev: 0 });

    // The amount change delivered a second time: nothing reaches the ledger. The next change, queued
    // behind it, proves the duplicate would have been applied by then: the record is still at its second version.
    const [duplicate] = await deliver('2027-03-15T09:00:00Z', [amountChange], { ada: 0, bob: 90000, cy: 0, dev: 0 });
    expect(duplicate.records).toEqual([{ recordId: '006B1', outcome: 'duplicate' }]);
    await deliver('2027-03-20T15:00:00Z', [changeEvent('UPDATE', ['006D1'], { StageName: 'Closed Won', IsWon: true, IsClosed: true }, '2027-03-20T15:00:00Z')], { ada: 0, bob: 90000, cy: 0, dev: 12000 });
    const bobsRecords = (await goalsGet('olivia', '/targets/q-bob/lineage', 'admin')).body.records as { source: { recordId: string }; recordVersion: number }[];
    expect(bobsRecords.find((r) => r.source.recordId === '006B1')?.recordVersion).toBe(2);

    // cy's deal waits for a mapping of cy's Salesforce user, then counts on its close date.
    const [held] = await deliver('2027-03-25T15:00:00Z', [changeEvent('CREATE', ['006C1'], deal(OWNERS.cy, 'Closed Won', 25000, '2027-03-25'), '2027-03-25T15:00:00Z')], { ada: 0, bob: 90000, cy: 0, dev: 12000 });
    expect(held.records).toEqual([expect.objectContaining({ recordId: '006C1', outcome: 'held', ownerId: OWNERS.cy })]);
    at('2027-03-27T10:00:00Z');
    await svc.ingestion.put(`/salesforce/owners/${OWNERS.cy}`).set('Authorization', `Bearer ${await admin()}`).send({ personId: 'cy' }).expect(200);
    await eventually(async () => expect(await goalsTotals()).toEqual(expectedTotals({ ada: 0, bob: 90000, cy: 25000, dev: 12000 })));

    // Closed on the quarter's last day, synced two days after the quarter ended.
    await deliver('2027-04-02T08:00:00Z', [changeEvent('CREATE', ['006A3'], deal(OWNERS.ada, 'Closed Won', 15000, '2027-03-31'), '2027-03-31T17:00:00Z')], { ada: 15000, bob: 90000, cy: 25000, dev: 12000 });
    at('2027-04-03T09:00:00Z');
  });

  it('gives exact totals in goals now, as of past instants and as known at them', async () => {
    const now = expectedTotals({ ada: 15000, bob: 90000, cy: 25000, dev: 12000 });
    expect(await goalsTotals()).toEqual(now);
    expect(now.team).toBe(142000);
    // As of the quarter's end, now: the late deal counts.
    expect(await goalsTotals(`?asOf=${END_OF_QUARTER}`)).toEqual(now);
    // As known on the quarter's last day: the late deal is not in it.
    expect(await goalsTotals(`?asOf=${END_OF_QUARTER}&knownAt=${END_OF_QUARTER}`)).toEqual(expectedTotals({ ada: 0, bob: 90000, cy: 25000, dev: 12000 }));
    // As known on 26 March cy's deal was held; now it counts on its close date, 25 March.
    expect(await goalsTotals('?asOf=2027-03-26T00:00:00Z&knownAt=2027-03-26T00:00:00Z')).toEqual(expectedTotals({ ada: 0, bob: 90000, cy: 0, dev: 12000 }));
    expect(await goalsTotals('?asOf=2027-03-26T00:00:00Z')).toEqual(expectedTotals({ ada: 0, bob: 90000, cy: 25000, dev: 12000 }));
    // On 10 February, as known then: ada's January deal (reopened since) and bob's deal before its amount was corrected.
    expect(await goalsTotals('?asOf=2027-02-10T00:00:00Z&knownAt=2027-02-10T00:00:00Z')).toEqual(expectedTotals({ ada: 20000, bob: 45000, cy: 0, dev: 0 }));
    // On 10 February as known now: corrections apply to the fact itself, so only bob's deal at its corrected amount.
    expect(await goalsTotals('?asOf=2027-02-10T00:00:00Z')).toEqual(expectedTotals({ ada: 0, bob: 50000, cy: 0, dev: 0 }));
  });

  it('shows the same totals on reporting’s dashboards: every row to the lead, the aggregate to a member', async () => {
    const rows = (body: { targets: { rows: { personId: string; value: number }[] } }) => Object.fromEntries(body.targets.rows.map((r) => [r.personId, r.value]));
    const leadView = await eventually(async () => {
      const body = await dashboard('lars');
      expect(rows(body)).toEqual({ ada: 15000, bob: 90000, cy: 25000, dev: 12000 });
      return body;
    });
    expect(leadView.objectives[0].keyResults).toEqual([expect.objectContaining({ id: 'closed-won', value: 142000 })]);

    const asKnownAtQuarterEnd = `?asOf=${END_OF_QUARTER}&knownAt=${END_OF_QUARTER}`;
    expect(rows(await dashboard('lars', asKnownAtQuarterEnd))).toEqual({ ada: 0, bob: 90000, cy: 25000, dev: 12000 });
    expect(rows(await dashboard('lars', `?asOf=${END_OF_QUARTER}`))).toEqual({ ada: 15000, bob: 90000, cy: 25000, dev: 12000 });
    expect(rows(await dashboard('lars', '?asOf=2027-02-10T00:00:00Z&knownAt=2027-02-10T00:00:00Z'))).toEqual({ ada: 20000, bob: 45000, cy: 0, dev: 0 });

    const aggregate = (body: { targets: { aggregates: object[] } }) => body.targets.aggregates;
    const memberView = await dashboard('ada');
    expect(aggregate(memberView)).toEqual([expect.objectContaining({ metric: METRIC, withheld: false, people: 4, totalTarget: 200000, totalAttained: 142000 })]);
    expect(memberView.targets.rows).toEqual([expect.objectContaining({ personId: 'ada', value: 15000 })]);
    expect(JSON.stringify(memberView.targets)).not.toMatch(/\b(bob|cy|dev|90000|25000|12000)\b/);
    expect(aggregate(await dashboard('ada', asKnownAtQuarterEnd))).toEqual([expect.objectContaining({ withheld: false, people: 4, totalAttained: 127000 })]);
    expect(aggregate(await dashboard('ada', `?asOf=${END_OF_QUARTER}`))).toEqual([expect.objectContaining({ withheld: false, people: 4, totalAttained: 142000 })]);
  });

  it('traces a person’s total back to the Salesforce opportunities behind it', async () => {
    const lineage = (await goalsGet('olivia', '/targets/q-bob/lineage', 'admin').then((res) => res.body)) as { value: number; records: { source: { system: string; recordId: string }; value: number }[] };
    expect(lineage.value).toBe(90000);
    expect(lineage.records.map((r) => [r.source.system, r.source.recordId, r.value]).sort()).toEqual([
      ['salesforce', '006A1', 30000],
      ['salesforce', '006B1', 50000],
      ['salesforce', '006B2', 10000],
    ]);
    const knownAtQuarterEnd = (await goalsGet('olivia', `/targets/q-ada/lineage?asOf=${END_OF_QUARTER}&knownAt=${END_OF_QUARTER}`, 'admin')).body;
    expect(knownAtQuarterEnd).toMatchObject({ value: 0, records: [] });
    expect((await goalsGet('ada', '/targets/q-ada/lineage')).body).toMatchObject({ value: 15000, records: [expect.objectContaining({ source: expect.objectContaining({ recordId: '006A3' }) })] });
  });

  it('shows a plain member neither a colleague’s row nor a colleague’s contributions', async () => {
    expect((await goalsGet('ada', '/targets/q-bob/lineage')).status).toBe(404);
    const team = (await goalsGet('ada', '/objectives/win-sales-emea/key-results/closed-won/lineage')).body;
    expect(team.value).toBe(142000);
    expect(team.records).toEqual([expect.objectContaining({ subject: { type: 'person', id: 'ada' }, value: 15000 })]);
    // Three colleagues are enough to show their sum, never their deals.
    expect(team.others).toEqual({ people: 3, records: 5, total: 127000 });
    expect(JSON.stringify(team)).not.toMatch(/006A1|006B1|006B2|006C1|006D1|\bbob\b|\bcy\b|\bdev\b/);
    expect(JSON.stringify((await goalsGet('ada', '/objectives/win-sales-emea/history')).body)).not.toMatch(/006B1|006C1|006D1/);
  });
});
