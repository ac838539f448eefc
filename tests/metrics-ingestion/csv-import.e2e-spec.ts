import { signDevelopmentToken } from '@okr/service-kit';
import { IngestionTestService, startIngestionService, TEST_JWT_SECRET, totalsBySubject } from './ingestion-test-service';

const METRIC = 'sales.closed_won_amount';
const FILE = [
  'metric,subject_type,subject_id,value,occurred_at,record_id,operation',
  `${METRIC},person,ada,1000,2027-03-30T10:00:00Z,deal-1,`,
  `${METRIC},person,ada,250.5,2027-03-31T10:00:00Z,deal-2,upsert`,
  `${METRIC},person,bob,abc,2027-03-31T10:00:00Z,deal-3,`,
  `${METRIC},team,bob,10,2027-03-31T10:00:00Z,deal-4,`,
  `${METRIC},person,bob,700,31/03/2027,deal-5,`,
  `${METRIC},person,bob,300,2027-03-29T10:00:00Z,deal-6,`,
  `sales.unknown,person,bob,300,2027-03-29T10:00:00Z,deal-7,`,
  '',
].join('\n');

describe('CSV import jobs', () => {
  let svc: IngestionTestService;
  beforeAll(async () => {
    svc = await startIngestionService({ now: '2027-04-02T08:00:00.000Z' });
    await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Closed-won amount', unit: 'EUR' }).expect(200);
  });
  afterAll(() => svc.close());

  async function importFile(csv: string) {
    const started = await svc.http.post('/imports?fileName=q1.csv').set('Authorization', `Bearer ${svc.integration}`).set('Content-Type', 'text/csv').send(csv).expect(202);
    expect(started.headers.location).toBe(started.body.url);
    let job = (await svc.http.get(started.body.url).set('Authorization', `Bearer ${svc.admin}`).expect(200)).body;
    for (let polls = 0; job.state === 'running' && polls < 200; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (await svc.http.get(started.body.url).set('Authorization', `Bearer ${svc.admin}`).expect(200)).body;
    }
    return job;
  }

  it('commits the good rows, reports each bad row by line and column, also as CSV', async () => {
    const job = await importFile(FILE);
    expect(job).toMatchObject({ state: 'completed', fileName: 'q1.csv', rowsRead: 7, accepted: 3, unchanged: 0, rejected: 4, bytesRead: Buffer.byteLength(FILE) });
    expect(job.errors).toEqual([
      { row: 4, field: 'value', reason: 'must be a number, e.g. 1250.50 (got "abc")' },
      { row: 5, field: 'subject_type', reason: expect.any(String) },
      { row: 6, field: 'occurred_at', reason: expect.stringContaining('ISO 8601') },
      { row: 8, field: 'metric', reason: expect.stringContaining('unknown metric "sales.unknown"') },
    ]);
    const report = await svc.http.get(job.errorsUrl).set('Authorization', `Bearer ${svc.admin}`).expect(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    expect(report.text.split('\n').slice(0, 2)).toEqual(['row,field,reason', '4,value,"must be a number, e.g. 1250.50 (got ""abc"")"']);

    const published = await svc.published();
    expect(published.map((m) => m.dataPointId)).toEqual([`crm:deal-1:${METRIC}@1`, `crm:deal-2:${METRIC}@1`, `crm:deal-6:${METRIC}@1`]);
    expect(totalsBySubject(published, METRIC)).toEqual({ ada: 1250.5, bob: 300 });
  });

  it('changes nothing when the same file is imported again', async () => {
    const job = await importFile(FILE);
    expect(job).toMatchObject({ state: 'completed', accepted: 0, unchanged: 3, rejected: 4 });
    expect(await svc.published()).toHaveLength(3);
  });

  it('rejects a row no request may hold (NUL, year 0, 1e16) as its own error and commits every other row of the file, across batches', async () => {
    const before = (await svc.published()).length;
    const lines = Array.from({ length: 2_500 }, (_, i) => `${METRIC},person,cy,1,2027-03-30T10:00:00Z,bulk-${i},`);
    lines[1_200] = `${METRIC},person,cy,1,2027-03-30T10:00:00Z,bulk-\u0000nul,`;
    lines[1_201] = `${METRIC},person,cy,1,0000-03-30T10:00:00Z,bulk-year-0,`;
    lines[1_202] = `${METRIC},person,cy,1e16,2027-03-30T10:00:00Z,bulk-huge,`;
    const job = await importFile(['metric,subject_type,subject_id,value,occurred_at,record_id,operation', ...lines, ''].join('\n'));
    expect(job).toMatchObject({ state: 'completed', rowsRead: 2_500, accepted: 2_497, rejected: 3 });
    expect(job.errors).toEqual([
      { row: 1_202, field: 'record_id', reason: expect.stringContaining('NUL') },
      { row: 1_203, field: 'occurred_at', reason: expect.stringContaining('0001-01-01') },
      { row: 1_204, field: 'value', reason: expect.stringContaining('1e15') },
    ]);
    const report = await svc.http.get(job.errorsUrl).set('Authorization', `Bearer ${svc.admin}`).expect(200);
    expect(report.text.trim().split('\n')).toHaveLength(4);
    expect((await svc.published()).length - before).toBe(2_497);
  });

  it('orders a record’s versions by its source_version column: a file replaying older versions never replaces newer ones', async () => {
    const header = 'metric,subject_type,subject_id,value,occurred_at,record_id,source_version';
    const newer = await importFile([header, `${METRIC},person,dee,500,2027-03-30T10:00:00Z,deal-v,7`, ''].join('\n'));
    expect(newer).toMatchObject({ state: 'completed', accepted: 1 });
    const older = await importFile([header, `${METRIC},person,dee,100,2027-03-30T10:00:00Z,deal-v,6`, `${METRIC},person,dee,100,2027-03-30T10:00:00Z,deal-v,x`, ''].join('\n'));
    expect(older).toMatchObject({ state: 'completed', accepted: 0, unchanged: 1, rejected: 1 });
    expect(older.errors).toEqual([{ row: 3, field: 'source_version', reason: expect.stringContaining('whole number') }]);
    expect(totalsBySubject(await svc.published(), METRIC)).toMatchObject({ dee: 500 });
  });

  it('fails a file whose header lacks columns, naming them', async () => {
    const job = await importFile('metric,value\nsales.closed_won_amount,1\n');
    expect(job).toMatchObject({ state: 'failed', rowsRead: 0, failure: expect.stringContaining('subject_type, subject_id, occurred_at, record_id') });
  });

  it('shows a job and its errors to whoever started it and to admins; to another caller it does not exist', async () => {
    const job = await importFile(FILE);
    const other = await signDevelopmentToken({ secret: TEST_JWT_SECRET, subject: 'integration:erp', role: 'integration' });
    for (const url of [job.errorsUrl, `/imports/${job.id}`]) {
      await svc.http.get(url).set('Authorization', `Bearer ${svc.integration}`).expect(200);
      await svc.http.get(url).set('Authorization', `Bearer ${svc.admin}`).expect(200);
      const hidden = await svc.http.get(url).set('Authorization', `Bearer ${other}`).expect(404);
      const missing = await svc.http.get(url.replace(job.id, '00000000-0000-4000-8000-000000000000')).set('Authorization', `Bearer ${other}`).expect(404);
      expect(hidden.body.detail).toBe(missing.body.detail.replace('00000000-0000-4000-8000-000000000000', job.id));
    }
  });

  it('imports as the token’s own source, and refuses a source the token may not write', async () => {
    const refused = await svc.http.post('/imports?source=billing').set('Authorization', `Bearer ${svc.integration}`).set('Content-Type', 'text/csv').send(FILE).expect(403);
    expect(refused.body.errors).toEqual([{ field: 'query.source', reason: expect.stringContaining('may write only crm') }]);
    const started = await svc.http.post('/imports?source=billing').set('Authorization', `Bearer ${svc.admin}`).set('Content-Type', 'text/csv').send(FILE).expect(202);
    expect(started.body.state).toBe('running');
  });
});
