import { InProcessBus } from '@okr/message-bus';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { WebController } from '../../apps/reporting/src/web/web.controller';
import { GoalsTestService, SMALL_TEAM_ORG_CSV, startGoalsService } from '../goals/goals-test-service';
import { ReportingTestService, startReportingService } from '../reporting/reporting-test-service';

/**
 * The web app writes through its own origin: reporting passes /api/goals/… on to goals unchanged,
 * and goals alone decides (its token check, its rules, its problems).
 */
describe('the web app’s calls to goals through reporting', () => {
  let goals: GoalsTestService;
  let reporting: ReportingTestService;
  let admin: string;
  const bus = new InProcessBus();

  beforeAll(async () => {
    goals = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
    await goals.app.listen(0, '127.0.0.1');
    reporting = await startReportingService({ goals, bus, clock: goals.clock });
    admin = await goals.token('olivia', 'admin');
    await goals.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(SMALL_TEAM_ORG_CSV).expect(200);
    await goals.http.post('/cycles').set('Authorization', `Bearer ${admin}`).send({ id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
  });

  afterAll(async () => {
    await reporting?.close();
    await goals?.close();
    await bus.close();
  });

  const web = () => request(reporting.app.getHttpServer());
  const goalsUrl = () => `http://127.0.0.1:${(goals.app.getHttpServer().address() as AddressInfo).port}`;

  it('is a 404 that says why while reporting does not know where goals runs', async () => {
    const answer = await web().get('/api/goals/org').set('Authorization', `Bearer ${admin}`).expect(404);
    expect(answer.body.detail).toMatch(/GOALS_URL/);
  });

  it('passes a member’s objective, check-in and refusal on, with goals’ status, headers and problem unchanged', async () => {
    reporting.app.get(WebController).forwardApiTo({ goals: goalsUrl() });
    const rita = `Bearer ${await goals.token('rita', 'member')}`;
    const defined = await web().post('/api/goals/objectives').set('Authorization', rita).send({ cycleId: 'fy27-q1', title: 'Win the north', owner: { type: 'team', id: 'duo' }, commitment: 'committed' }).expect(201);
    expect(defined.headers.etag).toBe('"1"');
    const objectiveId = defined.body.id;
    const added = await web().post(`/api/goals/objectives/${objectiveId}/key-results`).set('Authorization', rita).send({ title: 'Meetings', kind: 'metric', start: 0, target: 10, unit: 'meetings', direction: 'increase' }).expect(201);
    const keyResultId = added.body.id;
    await web().post(`/api/goals/objectives/${objectiveId}/key-results/${keyResultId}/check-ins`).set('Authorization', rita).send({ value: 4, confidence: 'at-risk', note: 'two cancelled' }).expect(201);
    const { body: after } = await web().get(`/api/goals/objectives/${objectiveId}`).set('Authorization', rita).expect(200);
    expect(after.state.keyResults[keyResultId]).toEqual(expect.objectContaining({ currentValue: 4, confidence: 'at-risk' }));

    const refused = await web().post(`/api/goals/objectives/${objectiveId}/key-results/${keyResultId}/check-ins`).set('Authorization', rita).send({ value: 'four', confidence: 'sure' }).expect(400);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['body.confidence', 'body.value']);
  });

  it('leaves every judgement to goals: no token is its 401, a member of no unit its 403, an admin-only id refused', async () => {
    reporting.app.get(WebController).forwardApiTo({ goals: goalsUrl() });
    await web().get('/api/goals/org').expect(401);
    const outsider = `Bearer ${await goals.token('olivia', 'member')}`;
    await web().post('/api/goals/objectives').set('Authorization', outsider).send({ cycleId: 'fy27-q1', title: 'Not mine', owner: { type: 'team', id: 'duo' }, commitment: 'committed' }).expect(403);
    const lars = `Bearer ${await goals.token('lars', 'member')}`;
    const chosenId = await web().post('/api/goals/targets').set('Authorization', lars).send({ id: 'mine', personId: 'rita', unitId: 'duo', cycleId: 'fy27-q1', metric: 'sales.closed_won_amount', targetValue: 1000, unit: 'EUR' }).expect(400);
    expect(chosenId.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
  });

  it('answers a problem naming the service when it does not answer', async () => {
    reporting.app.get(WebController).forwardApiTo({ goals: 'http://127.0.0.1:9' });
    const answer = await web().get('/api/goals/org').set('Authorization', `Bearer ${admin}`).expect(502);
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(answer.body.detail).toMatch(/^the service behind http:\/\/127\.0\.0\.1:9 did not answer/);
  });

  it('keeps a path a path: a scheme-relative one stays on goals', async () => {
    reporting.app.get(WebController).forwardApiTo({ goals: goalsUrl() });
    await web().get('/api/goals//example.org/org').set('Authorization', `Bearer ${admin}`).expect(404);
    const elsewhere = await web().get('/api/elsewhere/org').set('Authorization', `Bearer ${admin}`).expect(404);
    expect(elsewhere.body.detail).toBe('no service elsewhere behind /api: goals or ingestion');
  });
});
