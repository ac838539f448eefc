import { metricDataPointMessageSchema } from '@okr/contracts';
import { IngestionTestService, startIngestionService, totalsBySubject } from './ingestion-test-service';
import { changeEvent, deal } from './salesforce-change-events';

const METRIC = 'sales.closed_won_amount';
const OWNERS = { ada: '005Dn000001AdaAAA', bob: '005Dn000001BobAAA', cy: '005Dn000001CyyAAA' };

describe('a quarter of Salesforce opportunity changes', () => {
  let svc: IngestionTestService;
  beforeAll(async () => {
    svc = await startIngestionService({ now: '2027-01-05T09:00:00.000Z' });
    await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Closed-won amount', unit: 'EUR' }).expect(200);
    for (const person of ['ada', 'bob'] as const) {
      await svc.http.put(`/salesforce/owners/${OWNERS[person]}`).set('Authorization', `Bearer ${svc.admin}`).send({ personId: person }).expect(200);
    }
  });
  afterAll(() => svc.close());

  const send = async (...events: unknown[]) =>
    (await svc.http.post('/salesforce/change-events').set('Authorization', `Bearer ${svc.integration}`).send(events).expect(200)).body.events;

  it('ends with the exact data points and closed-won totals per person and for the team', async () => {
    await send(
      changeEvent('CREATE', ['006A1'], deal(OWNERS.ada, 'Prospecting', 30000, '2027-02-15'), '2027-01-06T10:00:00Z'),
      changeEvent('CREATE', ['006A2'], deal(OWNERS.ada, 'Closed Won', 20000, '2027-01-20'), '2027-01-20T16:00:00Z'),
      changeEvent('CREATE', ['006B1'], deal(OWNERS.bob, 'Closed Won', 45000, '2027-02-01'), '2027-02-01T11:00:00Z'),
    );
    // An UPDATE carries only what changed.
    const won = changeEvent('UPDATE', ['006A1'], { StageName: 'Closed Won', IsWon: true, IsClosed: true, LastModifiedDate: '2027-02-15T12:00:00Z' }, '2027-02-15T12:00:00Z');
    const amountChange = changeEvent('UPDATE', ['006B1'], { Amount: 50000 }, '2027-02-20T12:00:00Z');
    const reopened = changeEvent('UPDATE', ['006A2'], { StageName: 'Negotiation/Review', IsWon: false, IsClosed: false }, '2027-03-01T12:00:00Z');
    await send(won, amountChange, reopened);
    await send(
      changeEvent('CREATE', ['006B2'], deal(OWNERS.bob, 'Closed Won', 10000, '2027-03-10'), '2027-03-10T09:00:00Z'),
      changeEvent('DELETE', ['006B2'], {}, '2027-03-11T09:00:00Z'),
      changeEvent('UNDELETE', ['006B2'], {}, '2027-03-12T09:00:00Z'),
    );

    // The same event delivered again changes nothing.
    const [duplicate] = await send(amountChange);
    expect(duplicate.records).toEqual([{ recordId: '006B1', outcome: 'duplicate' }]);

    // Closed on 30 March, arriving on 2 April: it counts in Q1.
    svc.clock.set('2027-04-02T08:00:00.000Z');
    await send(changeEvent('CREATE', ['006A3'], deal(OWNERS.ada, 'Closed Won', 15000, '2027-03-30'), '2027-04-02T07:59:00Z'));

    // A deal of a seller nobody mapped yet is held, listed, then applied when the mapping arrives.
    const [held] = await send(changeEvent('CREATE', ['006C1'], deal(OWNERS.cy, 'Closed Won', 25000, '2027-03-25'), '2027-03-25T15:00:00Z'));
    expect(held.records).toEqual([{ recordId: '006C1', outcome: 'held', ownerId: OWNERS.cy }]);
    expect((await svc.http.get('/salesforce/reconciliation').set('Authorization', `Bearer ${svc.admin}`).expect(200)).body.heldDeals).toEqual([
      { opportunityId: '006C1', ownerId: OWNERS.cy, repair: expect.stringContaining(`PUT /salesforce/owners/${OWNERS.cy}`) },
    ]);
    const mapped = await svc.http.put(`/salesforce/owners/${OWNERS.cy}`).set('Authorization', `Bearer ${svc.admin}`).send({ personId: 'cy' }).expect(200);
    expect(mapped.body.opportunities).toEqual([{ recordId: '006C1', outcome: 'accepted', dataPointIds: [`salesforce:006C1:${METRIC}@1`] }]);
    expect((await svc.http.get('/salesforce/reconciliation').set('Authorization', `Bearer ${svc.admin}`).expect(200)).body.heldDeals).toEqual([]);

    // One event naming two records: a deal changes hands, the other was bob's already.
    const [handover] = await send(changeEvent('UPDATE', ['006A1', '006B2'], { OwnerId: OWNERS.bob }, '2027-04-02T09:00:00Z'));
    expect(handover.records).toEqual([
      { recordId: '006A1', outcome: 'accepted', dataPointIds: [`salesforce:006A1:${METRIC}@2`, `salesforce:006A1:${METRIC}@3`] },
      { recordId: '006B2', outcome: 'unchanged' },
    ]);

    // A gap event is listed for reconciliation, not guessed at.
    const [gap] = await send(changeEvent('GAP_UPDATE', ['006B1'], {}, '2027-04-02T10:00:00Z'));
    expect(gap.reconciliationId).toEqual(expect.any(Number));

    const published = await svc.published();
    for (const message of published) metricDataPointMessageSchema.parse(message);
    const id = (record: string, version: number) => `salesforce:${record}:${METRIC}@${version}`;
    expect(published.map((m) => [m.dataPointId, m.operation, m.subject.id, m.value ?? null, m.occurredAt])).toEqual([
      [id('006A2', 1), 'upsert', 'ada', 20000, '2027-01-20T00:00:00.000Z'],
      [id('006B1', 1), 'upsert', 'bob', 45000, '2027-02-01T00:00:00.000Z'],
      [id('006A1', 1), 'upsert', 'ada', 30000, '2027-02-15T00:00:00.000Z'],
      [id('006B1', 2), 'upsert', 'bob', 50000, '2027-02-01T00:00:00.000Z'],
      [id('006A2', 2), 'retract', 'ada', null, '2027-03-01T12:00:00.000Z'],
      [id('006B2', 1), 'upsert', 'bob', 10000, '2027-03-10T00:00:00.000Z'],
      [id('006B2', 2), 'retract', 'bob', null, '2027-03-11T09:00:00.000Z'],
      [id('006B2', 3), 'upsert', 'bob', 10000, '2027-03-10T00:00:00.000Z'],
      [id('006A3', 1), 'upsert', 'ada', 15000, '2027-03-30T00:00:00.000Z'],
      [id('006C1', 1), 'upsert', 'cy', 25000, '2027-03-25T00:00:00.000Z'],
      [id('006A1', 2), 'retract', 'ada', null, '2027-02-15T00:00:00.000Z'],
      [id('006A1', 3), 'upsert', 'bob', 30000, '2027-02-15T00:00:00.000Z'],
    ]);
    expect(published[8]).toMatchObject({ receivedAt: '2027-04-02T08:00:00.000Z', actor: 'integration:salesforce' });

    const totals = totalsBySubject(published, METRIC);
    expect(totals).toEqual({ ada: 15000, bob: 90000, cy: 25000 });
    expect(Object.values(totals).reduce((sum, value) => sum + value, 0)).toBe(130000);

    const reconciliation = (await svc.http.get('/salesforce/reconciliation').set('Authorization', `Bearer ${svc.admin}`).expect(200)).body;
    expect(reconciliation.changes).toEqual([
      expect.objectContaining({ kind: 'gap', changeType: 'GAP_UPDATE', recordIds: ['006B1'], repair: expect.stringContaining("WHERE Id IN ('006B1')") }),
    ]);
  });

  it('refuses an event of another entity, naming the field', async () => {
    const res = await svc.http
      .post('/salesforce/change-events')
      .set('Authorization', `Bearer ${svc.integration}`)
      .send(changeEvent('CREATE', ['001X'], {}, '2027-04-02T10:00:00Z', { entityName: 'Account' }))
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('body.0.ChangeEventHeader.entityName');
  });

  it('takes an event bare, in a Pub/Sub envelope or in a CometD message, and names the shapes when none fits', async () => {
    const event = (id: string) => changeEvent('CREATE', [id], deal(OWNERS.ada, 'Closed Won', 1, '2027-04-20'), '2027-04-02T10:00:00Z');
    const bodies = [
      event('006E1'),
      { schema: 'OpportunityChangeEvent-schema-id', payload: event('006E2'), event: { replayId: 4242 } },
      { channel: '/data/OpportunityChangeEvent', data: { schema: 'OpportunityChangeEvent-schema-id', payload: event('006E3'), event: { replayId: 4243 } } },
    ];
    const res = await svc.http.post('/salesforce/change-events').set('Authorization', `Bearer ${svc.integration}`).send(bodies).expect(200);
    expect(res.body.events.map((e: { records: { recordId: string; outcome: string }[] }) => e.records)).toEqual([
      [{ recordId: '006E1', outcome: 'accepted', dataPointIds: expect.any(Array) }],
      [{ recordId: '006E2', outcome: 'accepted', dataPointIds: expect.any(Array) }],
      [{ recordId: '006E3', outcome: 'accepted', dataPointIds: expect.any(Array) }],
    ]);
    const refused = await svc.http.post('/salesforce/change-events').set('Authorization', `Bearer ${svc.integration}`).send({ message: { Id: '006E4' } }).expect(400);
    expect(refused.body.errors).toEqual([{ field: 'body.0.ChangeEventHeader', reason: expect.stringContaining('Pub/Sub envelope ({ schema, payload, event })') }]);
    const document = (await svc.http.get('/openapi.json').expect(200)).body;
    const documented = JSON.stringify(document.paths['/salesforce/change-events'].post.requestBody.content['application/json'].schema);
    for (const property of ['"ChangeEventHeader"', '"payload"', '"data"', '"replayId"']) expect(documented).toContain(property);
  });
});
