import { webhookSignatureHeaders } from '../../apps/metrics-ingestion/src/commands/receive-webhook/webhook-signature';
import { CLOSED_WON, eventually, PlatformTestService, setUpBoundSalesTeams, startPlatformForTest, WEBHOOK_SECRET } from './platform-test-service';

const REPS = ['ada', 'bob', 'cy'] as const;

const FILE = [
  'metric,subject_type,subject_id,value,occurred_at,record_id,operation',
  `${CLOSED_WON},person,ada,1000,2026-08-10T10:00:00Z,deal-1,`,
  `${CLOSED_WON},person,ada,250.5,2026-08-11T10:00:00Z,deal-2,upsert`,
  `${CLOSED_WON},person,bob,abc,2026-08-12T10:00:00Z,deal-3,`,
  `${CLOSED_WON},team,bob,10,2026-08-12T10:00:00Z,deal-4,`,
  `${CLOSED_WON},person,cy,700,12/08/2026,deal-5,`,
  `${CLOSED_WON},person,bob,300,2026-08-13T10:00:00Z,deal-6,`,
  `sales.unknown,person,cy,300,2026-08-13T10:00:00Z,deal-7,`,
  '',
].join('\n');

/** A webhook delivery from the billing system: a deal won by a person, as its own source. */
const webhookBody = (person: string, value: number, recordId: string) =>
  JSON.stringify([{ metric: CLOSED_WON, subject: { type: 'person', id: person }, value, occurredAt: '2026-09-01T12:00:00Z', source: { system: 'billing', recordId, version: 1 } }]);

/**
 * Bulk and pushed data through the whole platform: a CSV file with bad rows, uploaded twice, and
 * webhooks with a bad and a good signature, ending in the bound goals of a team of three (a past
 * quarter, still open, so the test needs no clock of its own).
 */
describe('CSV imports and webhooks reaching bound goals', () => {
  let svc: PlatformTestService;
  const admin = () => svc.token('olivia', 'admin');
  const integration = () => svc.token('integration:crm', 'integration');

  beforeAll(async () => {
    svc = await startPlatformForTest();
    // Last quarter, set up today: the team and its goals as they were from the quarter's first day.
    await setUpBoundSalesTeams(svc, { cycle: { id: 'fy26-q3', fiscalYear: 2026, quarter: 3 }, teams: [{ id: 'sales-emea', lead: 'lars', reps: REPS }], quota: 10000, effectiveAt: '2026-07-01T00:00:00Z' });
  });
  afterAll(() => svc?.close());

  const target = async (rep: string) => (await svc.goals.get(`/targets/q-${rep}`).set('Authorization', `Bearer ${await admin()}`).expect(200)).body;
  const teamObjective = async () => (await svc.goals.get('/objectives/win-sales-emea').set('Authorization', `Bearer ${await admin()}`).expect(200)).body;
  /** Each rep's quota value and the team key result's value, as goals answers now. */
  const goalsTotals = async () => ({
    ...Object.fromEntries(await Promise.all(REPS.map(async (rep) => [rep, (await target(rep)).state.currentValue]))),
    team: (await teamObjective()).state.keyResults['closed-won'].currentValue,
  });
  /** The facts behind a rep's quota value, by data point (its lineage). */
  const recordedContributions = async (rep: string) =>
    ((await svc.goals.get(`/targets/q-${rep}/lineage`).set('Authorization', `Bearer ${await admin()}`).expect(200)).body.records as { dataPointId: string }[]).map((record) => record.dataPointId);

  async function importFile(csv: string) {
    const started = await svc.ingestion.post('/imports?fileName=q3.csv').set('Authorization', `Bearer ${await integration()}`).set('Content-Type', 'text/csv').send(csv).expect(202);
    return eventually(async () => {
      const job = (await svc.ingestion.get(started.body.url).set('Authorization', `Bearer ${await admin()}`).expect(200)).body;
      expect(job.state).not.toBe('running');
      return job;
    });
  }
  /** Posts `payload` signed now with `secret` over `signed` (the payload itself unless a test forges it). */
  const postWebhook = (payload: string, secret: string, signed = payload) =>
    svc.ingestion.post('/webhooks/billing').set('Content-Type', 'application/json').set(webhookSignatureHeaders(signed, secret, Math.floor(Date.now() / 1000))).send(payload);

  it('a CSV file with bad rows: each bad row named with its field, the good rows reach the bound goals once', async () => {
    const job = await importFile(FILE);
    expect(job).toMatchObject({ state: 'completed', rowsRead: 7, accepted: 3, rejected: 4 });
    expect(job.errors).toEqual([
      { row: 4, field: 'value', reason: expect.stringContaining('must be a number') },
      { row: 5, field: 'subject_type', reason: expect.any(String) },
      { row: 6, field: 'occurred_at', reason: expect.stringContaining('ISO 8601') },
      { row: 8, field: 'metric', reason: expect.stringContaining('unknown metric "sales.unknown"') },
    ]);
    await eventually(async () => expect(await goalsTotals()).toEqual({ ada: 1250.5, bob: 300, cy: 0, team: 1550.5 }));
    expect((await recordedContributions('ada')).sort()).toEqual([`crm:deal-1:${CLOSED_WON}@1`, `crm:deal-2:${CLOSED_WON}@1`]);
    expect(await recordedContributions('bob')).toEqual([`crm:deal-6:${CLOSED_WON}@1`]);
  });

  it('the same file uploaded again changes nothing in goals', async () => {
    const versions = async () => [...(await Promise.all(REPS.map(async (rep) => (await target(rep)).version))), (await teamObjective()).version];
    const before = await versions();
    const job = await importFile(FILE);
    expect(job).toMatchObject({ state: 'completed', accepted: 0, unchanged: 3, rejected: 4 });
    // A webhook for cy travels behind anything the second upload could have published: once it
    // shows, ada's and bob's goals have seen all there was.
    await postWebhook(webhookBody('cy', 400, 'inv-1'), WEBHOOK_SECRET).expect(200);
    await eventually(async () => expect(await goalsTotals()).toEqual({ ada: 1250.5, bob: 300, cy: 400, team: 1950.5 }));
    const [ada, bob] = await versions();
    expect([ada, bob]).toEqual(before.slice(0, 2));
    expect((await recordedContributions('ada')).length + (await recordedContributions('bob')).length).toBe(3);
  });

  it('a webhook with a bad signature is refused with a 401 problem and reaches nothing; a good one beside it reaches goals', async () => {
    const genuine = webhookBody('bob', 700, 'inv-2');
    const forged = webhookBody('ada', 990000, 'inv-3');
    const refused = await postWebhook(forged, 'not-the-billing-secret-0123456789').expect(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 401, title: 'Signature refused' });
    // Signed for other bytes than those sent.
    await postWebhook(forged, WEBHOOK_SECRET, genuine).expect(401);
    const accepted = await postWebhook(genuine, WEBHOOK_SECRET).expect(200);
    expect(accepted.body.summary).toEqual({ accepted: 1, unchanged: 0, rejected: 0 });

    // The genuine delivery was posted last: once it shows, the refused ones would have too.
    await eventually(async () => expect(await goalsTotals()).toEqual({ ada: 1250.5, bob: 1000, cy: 400, team: 2650.5 }));
    expect(await recordedContributions('ada')).not.toContainEqual(expect.stringContaining('inv-3'));
    expect(await recordedContributions('bob')).toContain(`webhook:billing:inv-2:${CLOSED_WON}@1`);
  });
});
