import { PlatformTestService, startPlatformForTest } from './platform-test-service';

/** The all-in-one process points the web app's calls at its own goals and metrics-ingestion. */
describe('the web app’s writes in the all-in-one platform', () => {
  let svc: PlatformTestService;
  beforeAll(async () => {
    svc = await startPlatformForTest();
  }, 60_000);
  afterAll(() => svc?.close());

  it('reaches goals and metrics-ingestion through reporting’s origin, each judging the token itself', async () => {
    const admin = `Bearer ${await svc.token('olivia', 'admin')}`;
    await svc.reporting.post('/api/goals/org/units').set('Authorization', admin).send({ id: 'acme', name: 'Acme', kind: 'company' }).expect(201);
    expect(JSON.stringify((await svc.goals.get('/org').set('Authorization', admin).expect(200)).body)).toContain('"name":"Acme"');
    await svc.reporting.put('/api/ingestion/metric-definitions/sales.closed_won_amount').set('Authorization', admin).send({ name: 'Closed-won amount', unit: 'EUR' }).expect(200);
    expect((await svc.reporting.get('/api/ingestion/metric-definitions').set('Authorization', admin).expect(200)).body.metrics).toEqual([
      expect.objectContaining({ key: 'sales.closed_won_amount', name: 'Closed-won amount' }),
    ]);
    // An integration token is goals' to refuse, as it would be on goals' own port.
    const integration = `Bearer ${await svc.token('integration:crm', 'integration')}`;
    const direct = await svc.goals.get('/org').set('Authorization', integration);
    const forwarded = await svc.reporting.get('/api/goals/org').set('Authorization', integration);
    expect([forwarded.status, forwarded.body.title]).toEqual([direct.status, direct.body.title]);
    expect(forwarded.status).toBe(403);
  });
});
