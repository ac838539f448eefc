import fc from 'fast-check';
import { INGESTION_DATABASE, IngestionDatabase } from '../../apps/metrics-ingestion/src/application/ingestion-database.port';
import { webhookSignatureHeaders } from '../../apps/metrics-ingestion/src/commands/receive-webhook/webhook-signature';
import { expectClientProblem, hostileCsvCells, hostileJsonValuesFor, hostilePathSegments, jsonWith, leafPaths, valueAt, WriteRoute, writeRoutesOf } from '../hostile-values';
import { IngestionTestService, startIngestionService, WEBHOOK_SECRET } from './ingestion-test-service';
import { changeEvent, deal } from './salesforce-change-events';

const METRIC = 'sales.closed_won_amount';
const row = { metric: METRIC, subject: { type: 'person', id: 'ada' }, value: 10, occurredAt: '2027-02-01T10:00:00Z', source: { system: 'crm', recordId: 'deal-1', version: 3 }, operation: 'upsert' };

/**
 * Property: a well-formed request to any write route of metrics-ingestion with one value replaced
 * by one no request may hold is a 4xx problem; in a batch (the batch API, a signed webhook, a CSV
 * file) it is that row's rejection. Either way nothing is recorded.
 */
describe('values no request may hold, at every write route of metrics-ingestion', () => {
  let svc: IngestionTestService;
  let routes: WriteRoute[];

  beforeAll(async () => {
    svc = await startIngestionService({ now: '2027-02-11T08:00:00.000Z' });
    await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Closed-won amount', unit: 'EUR' }).expect(200);
    routes = writeRoutesOf((await svc.http.get('/openapi.json')).body);
  });
  afterAll(() => svc.close());

  /** Rows in every table but checkpoints (and, for a CSV upload, its job's own rows): what a refusal must leave as it was. */
  async function recorded(options: { withoutImportJobs?: boolean } = {}): Promise<Record<string, number>> {
    const db = svc.app.get<IngestionDatabase>(INGESTION_DATABASE);
    const tables = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = $1 order by table_name`, [db.schema]);
    const counts: Record<string, number> = {};
    for (const { table_name: table } of tables) {
      if (table.includes('checkpoint') || (options.withoutImportJobs && table.startsWith('import_job'))) continue;
      counts[table] = Number((await db.query<{ n: string }>(`select count(*) as n from ${db.table(table)}`))[0].n);
    }
    return counts;
  }

  /** A request each write route takes; `rowByRow` routes answer 200 with each row's outcome. */
  const wellFormed: Record<string, { url: string; body?: unknown; rowByRow?: boolean; signed?: boolean; csv?: boolean }> = {
    'PUT /metric-definitions/{key}': { url: `/metric-definitions/sales.pipeline`, body: { name: 'Pipeline', unit: 'EUR', description: 'open deals' } },
    'PUT /sources/{id}': { url: '/sources/crm', body: { kind: 'api', name: 'CRM', description: 'the sales CRM' } },
    'POST /datapoints': { url: '/datapoints', body: [row], rowByRow: true },
    'POST /imports': { url: '/imports', csv: true },
    'POST /imports/{id}/resume': { url: '/imports/7f0f3c1e-59a4-4b8e-9a51-3f1c2b7d9e10/resume', csv: true },
    'POST /salesforce/change-events': { url: '/salesforce/change-events', body: [changeEvent('CREATE', ['006A1'], deal('005A1', 'Closed Won', 1000, '2027-02-01'), '2027-02-01T10:00:00Z')] },
    'PUT /salesforce/owners/{ownerId}': { url: '/salesforce/owners/005A1', body: { personId: 'ada' } },
    'POST /webhooks/{source}': { url: '/webhooks/billing', body: [row], rowByRow: true, signed: true },
  };
  const requestOf = (route: { method: string; path: string }) => wellFormed[`${route.method.toUpperCase()} ${route.path}`];

  function send(method: string, url: string, json: string, signed?: boolean) {
    const request = (svc.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method](url).set('Authorization', `Bearer ${svc.admin}`).set('Content-Type', 'application/json');
    return (signed ? request.set(webhookSignatureHeaders(json, WEBHOOK_SECRET, Math.floor(svc.clock.now().getTime() / 1000))) : request).send(json);
  }

  it('knows a well-formed request for every write route', () => {
    const listed = routes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(listed.filter((route) => !wellFormed[route])).toEqual([]);
    expect(Object.keys(wellFormed).filter((route) => !listed.includes(route))).toEqual([]);
  });

  it('refuses a hostile value anywhere in a body (a batch: rejects its row), and records nothing', async () => {
    const before = await recorded();
    for (const route of routes.filter((r) => !requestOf(r).csv)) {
      const { url, body, rowByRow, signed } = requestOf(route);
      const leaves = leafPaths(body);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: leaves.length - 1 }).chain((leaf) => fc.tuple(fc.constant(leaf), hostileJsonValuesFor(valueAt(body, leaves[leaf])))), async ([leaf, hostile]) => {
          const what = `${route.method} ${url} with ${hostile.kind} at ${leaves[leaf].join('.')}`;
          const response = await send(route.method, url, jsonWith(body, leaves[leaf], hostile.json), signed);
          if (!rowByRow) return expectClientProblem(response, what);
          expect({ what, status: response.status, summary: response.body.summary }).toEqual({ what, status: 200, summary: { accepted: 0, unchanged: 0, rejected: 1 } });
          expect(response.body.results[0].errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^\[0\]/) })]);
        }),
        { numRuns: 20 },
      );
    }
    expect(await recorded()).toEqual(before);
  });

  it('refuses a hostile id in a path with a 4xx problem, and records nothing', async () => {
    const before = await recorded();
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      const { body, signed } = requestOf(route);
      await fc.assert(
        fc.asyncProperty(hostilePathSegments, async (segment) => {
          const url = route.path.replace(/\{[^}]+\}/, segment);
          expectClientProblem(await send(route.method, url, JSON.stringify(body), signed), `${route.method} ${url.slice(0, 80)}`);
        }),
        { numRuns: 4 },
      );
    }
    expect(await recorded()).toEqual(before);
  });

  it('rejects each CSV row holding a hostile value, as that row’s error, and records nothing in the ledger', async () => {
    const before = await recorded({ withoutImportJobs: true });
    const columns = { metric: METRIC, subject_type: 'person', subject_id: 'ada', value: '10', occurred_at: '2027-02-01T10:00:00Z', record_id: 'deal-9' };
    await fc.assert(
      // Numbers and instants out of range are hostile in their own columns; elsewhere they are just text.
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(columns) as (keyof typeof columns)[])).chain((column) =>
          fc.tuple(fc.constant(column), hostileCsvCells.filter((cell) => ({ value: 'number', occurred_at: 'instant' })[column as string] === undefined ? ['NUL', 'endless string'].includes(cell.kind) : cell.kind !== (column === 'value' ? 'instant out of range' : 'number out of range'))),
        ),
        async ([column, hostile]) => {
        const csv = [Object.keys(columns).join(','), Object.values({ ...columns, [column]: hostile.cell }).join(','), ''].join('\n');
        const started = await svc.http.post('/imports').set('Authorization', `Bearer ${svc.admin}`).set('Content-Type', 'text/csv').send(csv).expect(202);
        let job = (await svc.http.get(started.body.url).set('Authorization', `Bearer ${svc.admin}`)).body;
        for (let polls = 0; job.state === 'running' && polls < 200; polls++) job = (await new Promise((resolve) => setTimeout(resolve, 10)), await svc.http.get(started.body.url).set('Authorization', `Bearer ${svc.admin}`)).body;
        expect({ hostile: hostile.kind, column, state: job.state, accepted: job.accepted, rejected: job.rejected }).toEqual({ hostile: hostile.kind, column, state: 'completed', accepted: 0, rejected: 1 });
        },
      ),
      { numRuns: 12 },
    );
    expect(await recorded({ withoutImportJobs: true })).toEqual(before);
  });
});
