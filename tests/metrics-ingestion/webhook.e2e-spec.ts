import { Logger } from '@nestjs/common';
import { webhookSignatureHeaders } from '../../apps/metrics-ingestion/src/commands/receive-webhook/webhook-signature';
import { IngestionTestService, startIngestionService, totalsBySubject, WEBHOOK_SECRET } from './ingestion-test-service';

const METRIC = 'billing.mrr';
const delivery = (value: number, version: number | undefined, recordId = 'inv-1') =>
  JSON.stringify([
    { metric: METRIC, subject: { type: 'unit', id: 'emea' }, value, occurredAt: '2027-03-31T23:00:00Z', source: { system: 'anything', recordId, ...(version === undefined ? {} : { version }) } },
  ]);
const body = delivery(120000, 1);

describe('signed webhooks', () => {
  let svc: IngestionTestService;
  beforeAll(async () => {
    svc = await startIngestionService({ now: '2027-04-01T08:00:00.000Z' });
    await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Monthly recurring revenue', unit: 'EUR' }).expect(200);
  });
  afterAll(() => svc.close());

  const nowSeconds = () => Math.floor(svc.clock.now().getTime() / 1000);
  /** Posts the payload signed with `secret` at `signedAt` (now by default) over `signedBytes` (the payload unless forged). */
  const post = (source: string, payload: string, options: { secret?: string; signedAt?: number; signedBytes?: string } | 'unsigned' = {}) => {
    const request = svc.http.post(`/webhooks/${source}`).set('Content-Type', 'application/json');
    if (options === 'unsigned') return request.send(payload);
    return request.set(webhookSignatureHeaders(options.signedBytes ?? payload, options.secret ?? WEBHOOK_SECRET, options.signedAt ?? nowSeconds())).send(payload);
  };

  it('records a correctly signed delivery as its own source, once, however often it is replayed', async () => {
    const first = await post('billing', body).expect(200);
    expect(first.body.results).toEqual([{ index: 0, status: 'accepted', dataPointId: `webhook:billing:inv-1:${METRIC}@1`, dataPointIds: [`webhook:billing:inv-1:${METRIC}@1`] }]);
    const replay = await post('billing', body).expect(200);
    expect(replay.body.summary).toEqual({ accepted: 0, unchanged: 1, rejected: 0 });
    const published = await svc.published();
    expect(published).toEqual([expect.objectContaining({ dataPointId: `webhook:billing:inv-1:${METRIC}@1`, actor: 'integration:webhook:billing', subject: { type: 'unit', id: 'emea' }, value: 120000 })]);
  });

  it('refuses a bad, missing or foreign signature with a 401 problem, logging neither payload nor secret', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const tampered = body.replace('120000', '990000');
      const bad = await post('billing', tampered, { signedBytes: body }).expect(401);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.body).toMatchObject({ status: 401, title: 'Signature refused' });
      await post('billing', body, 'unsigned').expect(401);
      await post('unknown-source', body).expect(401);
      const logged = warn.mock.calls.map((call) => String(call[0])).join('\n');
      expect(logged).toContain('webhook billing: refused (signature mismatch)');
      expect(logged).toContain('webhook billing: refused (signature missing)');
      expect(logged).not.toContain(WEBHOOK_SECRET);
      expect(logged).not.toContain('990000');
      expect(await svc.published()).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses a genuine delivery replayed after the tolerance window, and one whose timestamp was changed', async () => {
    const newer = delivery(130000, 2);
    const signedAt = nowSeconds() - 301;
    const late = await post('billing', newer, { signedAt }).expect(401);
    expect(late.body.detail).toContain('300 seconds');
    const headers = webhookSignatureHeaders(newer, WEBHOOK_SECRET, signedAt);
    await svc.http.post('/webhooks/billing').set('Content-Type', 'application/json').set({ ...headers, 'x-signature-timestamp': String(nowSeconds()) }).send(newer).expect(401);
    expect(await svc.published()).toHaveLength(1);
  });

  it('orders a record’s versions by the source’s version: an older delivery arriving last never replaces a newer one', async () => {
    await post('billing', delivery(1000, 10, 'inv-7')).expect(200);
    await post('billing', delivery(2000, 11, 'inv-7')).expect(200);
    const older = await post('billing', delivery(1000, 10, 'inv-7')).expect(200);
    expect(older.body.results).toEqual([{ index: 0, status: 'unchanged', superseded: true }]);
    const evenOlder = await post('billing', delivery(500, 9, 'inv-7')).expect(200);
    expect(evenOlder.body.results[0]).toMatchObject({ status: 'unchanged', superseded: true });
    const sameVersionOtherValue = await post('billing', delivery(2500, 11, 'inv-7')).expect(200);
    expect(sameVersionOtherValue.body.results[0].errors).toEqual([{ field: '[0].source.version', reason: expect.stringContaining('already recorded with other content') }]);
    const published = (await svc.published()).filter((message) => message.source.recordId === 'inv-7');
    expect(published.map((message) => message.value)).toEqual([1000, 2000]);
    expect(totalsBySubject(published, METRIC)).toEqual({ emea: 2000 });
  });

  it('refuses a row that says neither its source version nor modifiedAt', async () => {
    const unordered = await post('billing', delivery(5, undefined, 'inv-8')).expect(200);
    expect(unordered.body.results[0].errors).toEqual([{ field: '[0].source.version', reason: expect.stringContaining('source.modifiedAt') }]);
  });
});
