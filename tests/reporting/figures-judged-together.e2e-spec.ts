import { InProcessBus } from '@okr/message-bus';
import { closedDeal, deliverDataPoints, GoalsTestService, startGoalsService } from '../goals/goals-test-service';
import { ReportingTestService, startReportingService } from './reporting-test-service';

const ORG_CSV = [
  'type,id,name,kind,parent_id,email,unit_id,lead',
  'unit,acme,Acme,company,,,,',
  'unit,sales,Sales,department,acme,,,',
  'unit,big,Big,team,sales,,,',
  'unit,duo,Duo,team,sales,,,',
  'unit,ops,Ops,team,acme,,,',
  'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
  ...['b1', 'b2', 'b3', 'b4'].map((id) => `person,${id},${id},,,${id}@acme.test,big,`),
  ...['d1', 'd2'].map((id) => `person,${id},${id},,,${id}@acme.test,duo,`),
  'person,oscar,Oscar Ops,,,oscar@acme.test,ops,',
].join('\n');

/**
 * Figures over the same facts are judged together, not one by one: the department's key result
 * (six people) and the big team's (four) are each large enough alone, but the first minus the
 * second is the two-person team's total. An outsider is shown one of the two, never both; the
 * same holds between a key result and the quota aggregate beside it.
 */
describe('figures over the same facts, judged together', () => {
  let goals: GoalsTestService;
  let reporting: ReportingTestService;
  let admin: string;
  const bus = new InProcessBus();
  const post = (path: string, body: object) => goals.http.post(path).set('Authorization', `Bearer ${admin}`).send(body);

  beforeAll(async () => {
    goals = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
    reporting = await startReportingService({ goals, bus, clock: goals.clock });
    admin = await goals.token('olivia', 'admin');
    await goals.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(ORG_CSV).expect(200);
    await post('/cycles', { id: 'q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
    for (const unitId of ['sales', 'big']) {
      await post('/objectives', { id: `win-${unitId}`, cycleId: 'q1', title: 'Win', owner: { type: unitId === 'sales' ? 'department' : 'team', id: unitId }, commitment: 'committed' }).expect(201);
      await post(`/objectives/win-${unitId}/key-results`, { id: 'arr', title: 'Closed-won', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase' }).expect(201);
      await post(`/objectives/win-${unitId}/key-results/arr/metric-binding`, { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId, includeSubUnits: true } }).expect(201);
    }
    const deals = ['b1', 'b2', 'b3', 'b4', 'd1', 'd2'].map((person, n) => closedDeal(`opp-${person}`, person, 1000 * (n + 1) + 7, '2027-02-01T09:00:00.000Z'));
    await deliverDataPoints(goals, '2027-02-02T10:00:00.000Z', deals, [reporting]);
    goals.clock.set('2027-02-10T00:00:00.000Z');
    await reporting.settled();
  });
  afterAll(async () => {
    await reporting.close();
    await goals.close();
  });

  const keyResultValue = async (viewer: string, unitId: string, role: 'member' | 'admin' = 'member') => {
    const dashboard = (await reporting.get(viewer, `/units/${unitId}/cycles/q1/dashboard`, role)).body;
    return dashboard.objectives[0].keyResults[0].value as number | null;
  };
  const duoTotal = 5007 + 6007;

  it('shows an outsider the department’s or the big team’s key result, not both', async () => {
    const [department, big] = [await keyResultValue('oscar', 'sales'), await keyResultValue('oscar', 'big')];
    expect([department, big].filter((value) => value === null)).toHaveLength(1);
    if (department !== null && big !== null) expect(department - big).not.toBe(duoTotal);
  });

  it('decides the same in goals: the key result reporting withholds, goals withholds too', async () => {
    const oscar = await goals.token('oscar', 'member');
    const fromGoals = async (unitId: string) => {
      const keyResult = (await goals.http.get(`/objectives/win-${unitId}`).set('Authorization', `Bearer ${oscar}`)).body.state.keyResults.arr;
      return keyResult.withheld ? null : (keyResult.currentValue as number);
    };
    for (const unitId of ['sales', 'big']) expect(await fromGoals(unitId)).toBe(await keyResultValue('oscar', unitId));
    const lineage = (await goals.http.get('/objectives/win-sales/key-results/arr/lineage').set('Authorization', `Bearer ${oscar}`)).body;
    if ((await fromGoals('sales')) === null) expect(lineage.withheld).toBe(true);
  });

  it('shows the admin both, as they are', async () => {
    expect(await keyResultValue('olivia', 'sales', 'admin')).toBe(1007 + 2007 + 3007 + 4007 + duoTotal);
    expect(await keyResultValue('olivia', 'big', 'admin')).toBe(1007 + 2007 + 3007 + 4007);
  });
});
