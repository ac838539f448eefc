import { metricDataPointMessageSchema } from '@okr/contracts';
import { IngestionTestService, startIngestionService, totalsBySubject } from './ingestion-test-service';

const METRIC = 'support.tickets_closed';
const row = (recordId: string, person: string, value: number, occurredAt = '2027-02-10T12:00:00Z') => ({
  metric: METRIC,
  subject: { type: 'person', id: person },
  value,
  occurredAt,
  source: { system: 'helpdesk', recordId },
  operation: 'upsert',
});

describe('batch API', () => {
  let svc: IngestionTestService;
  beforeAll(async () => {
    // The CRM's integration also writes the helpdesk's records.
    svc = await startIngestionService({ now: '2027-02-11T08:00:00.000Z', env: { INTEGRATION_SOURCES: 'integration:crm=helpdesk' } });
    await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Tickets closed', unit: 'tickets' }).expect(200);
  });
  afterAll(() => svc.close());

  it('commits the good rows, names the bad fields by row, and publishes each accepted change once', async () => {
    const batch = [row('t-1', 'ada', 3), row('t-2', 'bob', 5), { ...row('t-3', 'ada', 1), metric: 'support.unknown' }, { ...row('t-4', 'ada', 1), occurredAt: '10/02/2027' }];
    const res = await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).send(batch).expect(200);
    expect(res.body.summary).toEqual({ accepted: 2, unchanged: 0, rejected: 2 });
    expect(res.body.results[0]).toEqual({ index: 0, status: 'accepted', dataPointId: 'helpdesk:t-1:support.tickets_closed@1', dataPointIds: ['helpdesk:t-1:support.tickets_closed@1'] });
    expect(res.body.results[2].errors).toEqual([{ field: '[2].metric', reason: expect.stringContaining('unknown metric "support.unknown"') }]);
    expect(res.body.results[3].errors).toEqual([{ field: '[3].occurredAt', reason: expect.stringContaining('ISO 8601') }]);

    const published = await svc.published();
    expect(published.map((m) => m.dataPointId)).toEqual(['helpdesk:t-1:support.tickets_closed@1', 'helpdesk:t-2:support.tickets_closed@1']);
    for (const message of published) expect(metricDataPointMessageSchema.parse(message)).toEqual(message);
    expect(published[0]).toMatchObject({ occurredAt: '2027-02-10T12:00:00.000Z', receivedAt: '2027-02-11T08:00:00.000Z', actor: 'integration:helpdesk', recordVersion: 1 });
  });

  it('answers a retried batch with unchanged and publishes nothing more; a changed row becomes the next version', async () => {
    const before = (await svc.published()).length;
    const again = await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).send([row('t-1', 'ada', 3), row('t-2', 'bob', 5)]).expect(200);
    expect(again.body.summary).toEqual({ accepted: 0, unchanged: 2, rejected: 0 });
    expect(await svc.published()).toHaveLength(before);

    const changed = await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).send([row('t-1', 'ada', 4), row('t-2', 'ada', 5)]).expect(200);
    expect(changed.body.results.map((r: { dataPointIds: string[] }) => r.dataPointIds)).toEqual([
      ['helpdesk:t-1:support.tickets_closed@2'],
      ['helpdesk:t-2:support.tickets_closed@2', 'helpdesk:t-2:support.tickets_closed@3'],
    ]);
    const published = await svc.published();
    expect(totalsBySubject(published, METRIC)).toEqual({ ada: 9 });
  });

  it('refuses a body that is not an array, and a retraction that carries a value', async () => {
    const notArray = await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).send({ metric: METRIC }).expect(400);
    expect(notArray.body.errors[0].field).toBe('body');
    const retractWithValue = await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.admin}`).send([{ ...row('t-9', 'ada', 1), operation: 'retract' }]).expect(200);
    expect(retractWithValue.body.results[0].errors).toEqual([{ field: '[0].value', reason: 'must be absent for a retraction' }]);
  });

  it('documents every route in its OpenAPI document', async () => {
    const document = (await svc.http.get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/metric-definitions/{key}', '/metric-definitions', '/sources', '/sources/{id}', '/datapoints', '/imports', '/imports/{id}', '/imports/{id}/errors.csv', '/salesforce/change-events', '/salesforce/owners/{ownerId}', '/salesforce/reconciliation', '/webhooks/{source}']),
    );
    expect(Object.keys((document.paths['/imports'].post as { requestBody: { content: object } }).requestBody.content)).toEqual(['text/csv']);
  });

  it('counts data points by source and outcome for Prometheus', async () => {
    const metrics = (await svc.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/ingestion_data_points_total\{source="api",outcome="accepted"\} 4\b/);
    expect(metrics).toMatch(/ingestion_data_points_total\{source="api",outcome="rejected"\} 3\b/);
    expect(metrics).toContain('ingestion_import_jobs_running 0');
  });

  it('rejects rows holding what no request may (NUL, lone surrogate, 1e309, year 0, endless text) as their own errors, and commits the good row once', async () => {
    const before = (await svc.published()).length;
    const body = JSON.stringify([
      { ...row('nul\u0000id', 'ada', 1) },
      { ...row('t-20', 'ada', 1), source: { system: 'help\ud800desk', recordId: 't-20' } },
      { ...row('t-21', 'ada', 1), value: '__infinite__' },
      { ...row('t-22', 'ada', 1), occurredAt: '0000-06-01T00:00:00Z' },
      { ...row('t-23', 'ada', 1), source: { system: 'x'.repeat(3001), recordId: 't-23' } },
      row('t-24', 'bob', 7),
    ]).replace('"__infinite__"', '1e309');
    const res = await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).set('Content-Type', 'application/json').send(body).expect(200);
    expect(res.body.summary).toEqual({ accepted: 1, unchanged: 0, rejected: 5 });
    expect(res.body.results.slice(0, 5).map((r: { errors: { field: string }[] }) => r.errors.map((e) => e.field))).toEqual([
      ['[0].source.recordId'],
      ['[1].source.system'],
      ['[2].value'],
      ['[3].occurredAt'],
      ['[4].source.system'],
    ]);
    expect(res.body.results[2].errors[0].reason).toBe('must be a finite number');
    expect(res.body.results[3].errors[0].reason).toContain('0001-01-01');
    expect((await svc.published()).slice(before).map((m) => m.dataPointId)).toEqual(['helpdesk:t-24:support.tickets_closed@1']);
    const again = await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).set('Content-Type', 'application/json').send(body).expect(200);
    expect(again.body.summary).toEqual({ accepted: 0, unchanged: 1, rejected: 5 });
    expect((await svc.published()).length).toBe(before + 1);
  });

  it('orders a record’s versions by the source’s modifiedAt when the rows say it, whatever order they arrive in', async () => {
    const at = (value: number, modifiedAt: string) => ({ ...row('t-30', 'ada', value), source: { system: 'helpdesk', recordId: 't-30', modifiedAt } });
    const send = async (rows: object[]) => (await svc.http.post('/datapoints').set('Authorization', `Bearer ${svc.integration}`).send(rows).expect(200)).body;
    expect((await send([at(2, '2027-02-10T10:00:00Z')])).summary).toEqual({ accepted: 1, unchanged: 0, rejected: 0 });
    // A batch holding the newer and an older version, the older last: the newer one stands.
    const mixed = await send([at(3, '2027-02-10T10:30:00+01:00'), at(4, '2027-02-10T12:00:00Z'), at(1, '2027-02-10T09:00:00Z')]);
    expect(mixed.results.map((r: { status: string; superseded?: boolean }) => [r.status, r.superseded ?? false])).toEqual([
      ['unchanged', true],
      ['accepted', false],
      ['unchanged', true],
    ]);
    const published = (await svc.published()).filter((message) => message.source.recordId === 't-30');
    expect(published.map((message) => message.value)).toEqual([2, 4]);
    const unordered = await send([row('t-30', 'ada', 9)]);
    expect(unordered.results[0].errors).toEqual([{ field: '[0].source.modifiedAt', reason: expect.stringContaining('send it with every change') }]);
  });

  it('records rows as the token’s own source when they name none, and rejects a row naming a source the token may not write', async () => {
    const { source: _, ...unsourced } = row('t-40', 'ada', 1);
    const res = await svc.http
      .post('/datapoints')
      .set('Authorization', `Bearer ${svc.integration}`)
      .send([unsourced, { ...row('t-41', 'ada', 1), source: { system: 'billing', recordId: 't-41' } }, { ...unsourced, source: { recordId: 't-42' } }])
      .expect(200);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', errors: [{ field: '[0].source', reason: 'is required' }] });
    expect(res.body.results[1].errors).toEqual([{ field: '[1].source.system', reason: 'integration:crm may write only crm, helpdesk (INTEGRATION_SOURCES grants more)' }]);
    expect(res.body.results[2]).toMatchObject({ status: 'accepted', dataPointId: 'crm:t-42:support.tickets_closed@1' });
    expect((await svc.published()).find((message) => message.source.recordId === 't-42')).toMatchObject({ actor: 'integration:crm', source: { system: 'crm', recordId: 't-42' } });
  });
});
