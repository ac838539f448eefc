import { AddressInfo } from 'node:net';
import { PlatformTestService, startPlatformForTest } from './platform-test-service';

const ORG_CSV = [
  'type,id,name,kind,parent_id,email,unit_id,lead',
  'unit,acme,Acme,company,,,,',
  'unit,emea,EMEA,team,acme,,,',
  'unit,us,US,team,acme,,,',
  'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
  'person,lars,Lars Lead,,,lars@acme.test,emea,yes',
  'person,rita,Rita Rep,,,rita@acme.test,emea,',
  'person,uma,Uma Lead,,,uma@acme.test,us,yes',
  'person,ulf,Ulf Rep,,,ulf@acme.test,us,',
].join('\n');

/**
 * Authority comes from the token alone, through the running platform: integration tokens feed
 * ingestion and nothing else, a unit's goals are steered by that unit, and a write to a target one
 * may not see answers exactly as a write to one that does not exist, whatever If-Match says.
 */
describe('authority from the token alone', () => {
  let svc: PlatformTestService;
  let admin: string;
  const as = async (subject: string, role: 'admin' | 'member' | 'integration' = 'member') => svc.token(subject, role);

  beforeAll(async () => {
    svc = await startPlatformForTest();
    admin = await as('olivia', 'admin');
    expect((await svc.goals.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(ORG_CSV)).status).toBe(200);
    expect((await svc.goals.post('/cycles').set('Authorization', `Bearer ${admin}`).send({ id: 'q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 })).status).toBe(201);
    const objective = { id: 'win-emea', cycleId: 'q1', title: 'Win EMEA', owner: { type: 'team', id: 'emea' }, commitment: 'committed' };
    expect((await svc.goals.post('/objectives').set('Authorization', `Bearer ${await as('lars')}`).send(objective)).status).toBe(201);
    const keyResult = { id: 'arr', title: 'ARR', kind: 'metric', start: 0, target: 100, unit: 'EUR', direction: 'increase' };
    expect((await svc.goals.post('/objectives/win-emea/key-results').set('Authorization', `Bearer ${await as('rita')}`).send(keyResult)).status).toBe(201);
    const target = { id: 'q-rita', personId: 'rita', unitId: 'emea', cycleId: 'q1', metric: 'sales.closed_won_amount', targetValue: 50000, unit: 'EUR' };
    expect((await svc.goals.post('/targets').set('Authorization', `Bearer ${admin}`).send(target)).status).toBe(201);
  });
  afterAll(() => svc?.close());

  it('listens on this machine only by default', () => {
    for (const app of [svc.platform.goals, svc.platform.ingestion, svc.platform.reporting]) {
      expect((app.getHttpServer().address() as AddressInfo).address).toBe('127.0.0.1');
    }
  });

  it('refuses integration tokens in goals and reporting, for reads and writes', async () => {
    const crm = await as('integration:crm', 'integration');
    const attempts = [
      svc.goals.post('/objectives').send({ cycleId: 'q1', title: 'Planted', owner: { type: 'team', id: 'emea' }, commitment: 'committed' }),
      svc.goals.post('/objectives/win-emea/key-results/arr/check-ins').send({ value: 99, confidence: 'on-track' }),
      svc.goals.post('/objectives/win-emea/archive').send({}),
      svc.goals.get('/objectives/win-emea'),
      svc.reporting.get('/units/emea/cycles/q1/dashboard'),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set('Authorization', `Bearer ${crm}`);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(/not integration tokens/);
    }
    expect((await svc.goals.get('/objectives/win-emea').set('Authorization', `Bearer ${admin}`)).body.state.status).toBe('active');
  });

  it('lets a member of another team neither check in on, edit nor define the team’s objectives', async () => {
    const ulf = await as('ulf');
    const uma = await as('uma');
    for (const token of [ulf, uma]) {
      const checkIn = await svc.goals.post('/objectives/win-emea/key-results/arr/check-ins').set('Authorization', `Bearer ${token}`).send({ value: 99, confidence: 'on-track' });
      expect(checkIn.status).toBe(403);
      expect(checkIn.body.detail).toMatch(/the goals of emea are set and checked in on by its members/);
      const define = await svc.goals.post('/objectives').set('Authorization', `Bearer ${token}`).send({ cycleId: 'q1', title: 'Planted', owner: { type: 'team', id: 'emea' }, commitment: 'committed' });
      expect(define.status).toBe(403);
      expect((await svc.goals.post('/objectives/win-emea/archive').set('Authorization', `Bearer ${token}`).send({})).status).toBe(403);
    }
    const own = await svc.goals.post('/objectives/win-emea/key-results/arr/check-ins').set('Authorization', `Bearer ${await as('rita')}`).send({ value: 40, confidence: 'on-track' });
    expect(own.status).toBe(201);
    const objective = (await svc.goals.get('/objectives/win-emea').set('Authorization', `Bearer ${admin}`)).body;
    expect(objective.state.keyResults.arr.currentValue).toBe(40);
  });

  it('answers a write to a target one may not see exactly as one to a target that does not exist, with or without If-Match', async () => {
    const ulf = await as('ulf');
    const answer = async (targetId: string, ifMatch?: string) => {
      const request = svc.goals.post(`/targets/${targetId}/check-ins`).set('Authorization', `Bearer ${ulf}`);
      const res = await (ifMatch ? request.set('If-Match', ifMatch) : request).send({ value: 1, confidence: 'on-track' });
      // Everything but the path it names (the problem's instance) and the ids of the request.
      const body = JSON.stringify({ ...res.body, instance: undefined, correlationId: undefined, requestId: undefined }).replaceAll(targetId, '<id>');
      return { status: res.status, body, version: res.headers.etag?.startsWith('W/') ? 'none' : res.headers.etag };
    };
    for (const ifMatch of [undefined, '"0"', '"1"', '"5"']) {
      const hidden = await answer('q-rita', ifMatch);
      expect(hidden.status).toBe(404);
      expect(hidden).toEqual(await answer('q-nobody', ifMatch));
    }
  });

  it('moves a target with its person: the new lead reads and revises it, the former lead is told it does not exist', async () => {
    const send = (method: 'post' | 'delete', path: string, token: string, body?: object) => svc.goals[method](path).set('Authorization', `Bearer ${token}`).send(body);
    expect((await send('delete', '/org/units/emea/members/rita', admin)).status).toBe(201);
    expect((await send('post', '/org/units/us/members', admin, { personId: 'rita' })).status).toBe(201);
    const [lars, uma] = [await as('lars'), await as('uma')];
    const read = async (token: string, targetId: string) => {
      const res = await svc.goals.get(`/targets/${targetId}`).set('Authorization', `Bearer ${token}`);
      return { status: res.status, detail: res.body.detail?.replaceAll(targetId, '<id>') };
    };
    expect((await read(uma, 'q-rita')).status).toBe(200);
    expect(await read(lars, 'q-rita')).toEqual(await read(lars, 'q-nobody'));
    expect((await read(lars, 'q-rita')).status).toBe(404);
    expect((await send('post', '/targets/q-rita/revisions', lars, { targetValue: 1, reason: 'mine' })).status).toBe(404);
    expect((await send('post', '/targets/q-rita/revisions', uma, { targetValue: 60000, reason: 'new territory' })).status).toBe(201);
    const rows = (await svc.reporting.get('/units/emea/cycles/q1/quota-rows').set('Authorization', `Bearer ${lars}`)).body.rows;
    expect(JSON.stringify(rows ?? [])).not.toMatch(/rita|60000|50000/);
  });
});
