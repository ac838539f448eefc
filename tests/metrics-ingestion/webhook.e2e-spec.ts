import { Logger } from '@nestjs/common';
import { signWebhookBody } from '../../apps/metrics-ingestion/src/commands/receive-webhook/webhook-signature';
import { IngestionTestService, startIngestionService, WEBHOOK_SECRET } from './ingestion-test-service';

const METRIC = 'billing.mrr';
const body = JSON.stringify([
  { metric: METRIC, subject: { type: 'unit', id: 'emea' }, value: 120000, occurredAt: '2027-03-31T23:00:00Z', source: { system: 'anything', recordId: 'inv-1' } },
]);

describe('signed webhooks', () => {
  let svc: IngestionTestService;
  beforeAll(async () => {
    svc = await startIngestionService({ now: '2027-04-01T08:00:00.000Z' });
    await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Monthly recurring revenue', unit: 'EUR' }).expect(200);
  });
  afterAll(() => svc.close());

  const post = (source: string, payload: string, signature?: string) => {
    const req = svc.http.post(`/webhooks/${source}`).set('Content-Type', 'application/json');
    return (signature ? req.set('X-Signature-256', signature) : req).send(payload);
  };

  it('records a correctly signed delivery as its own source, once, however often it is replayed', async () => {
    const first = await post('billing', body, signWebhookBody(body, WEBHOOK_SECRET)).expect(200);
    expect(first.body.results).toEqual([{ index: 0, status: 'accepted', dataPointId: `webhook:billing:inv-1:${METRIC}@1`, dataPointIds: [`webhook:billing:inv-1:${METRIC}@1`] }]);
    const replay = await post('billing', body, signWebhookBody(body, WEBHOOK_SECRET)).expect(200);
    expect(replay.body.summary).toEqual({ accepted: 0, unchanged: 1, rejected: 0 });
    const published = await svc.published();
    expect(published).toEqual([expect.objectContaining({ dataPointId: `webhook:billing:inv-1:${METRIC}@1`, actor: 'integration:webhook:billing', subject: { type: 'unit', id: 'emea' }, value: 120000 })]);
  });

  it('refuses a bad, missing or foreign signature with a 401 problem, logging neither payload nor secret', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const tampered = body.replace('120000', '990000');
      const bad = await post('billing', tampered, signWebhookBody(body, WEBHOOK_SECRET)).expect(401);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.body).toMatchObject({ status: 401, title: 'Signature refused' });
      await post('billing', body).expect(401);
      await post('unknown-source', body, signWebhookBody(body, WEBHOOK_SECRET)).expect(401);
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
});
