import { openSqlDatabase, SqlClient } from '@okr/event-store';
import { signDevelopmentToken } from '@okr/service-kit';
import { AddressInfo, connect } from 'node:net';
import { IMPORT_JOBS, ImportJobs } from '../../apps/metrics-ingestion/src/application/import-jobs.port';
import { IngestionTestService, startIngestionService, TEST_JWT_SECRET } from './ingestion-test-service';

const METRIC = 'sales.closed_won_amount';
const HEADER = 'metric,subject_type,subject_id,value,occurred_at,record_id';
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${METRIC},person,ada,1,2027-03-30T10:00:00Z,bulk-${from + i}`);
const FILE = [HEADER, ...rows(0, 4_000), ''].join('\n');

/**
 * An import told to stop (SIGTERM closes the app) commits what it read and ends interrupted; one
 * whose process died is shown interrupted once its heartbeat is stale. Either resumes with the same
 * file and ends with every row committed exactly once.
 */
describe('import jobs that are interrupted', () => {
  let sql: SqlClient;
  let svc: IngestionTestService;
  const now = '2027-04-02T08:00:00.000Z';

  beforeAll(async () => {
    // The database outlives each service, as a data directory or a server would.
    sql = await openSqlDatabase({ kind: 'embedded', dataDir: 'memory://' });
    svc = await startIngestionService({ now, sql });
    await svc.http.put(`/metric-definitions/${METRIC}`).set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Closed-won amount', unit: 'EUR' }).expect(200);
  });
  afterAll(async () => {
    await svc.close();
    await sql.close();
  });

  const committedRows = async (prefix: string) => {
    const [counts] = await sql.query<{ n: string; records: string }>(`select count(*) as n, count(distinct source_record_key) as records from ingestion.data_points where source_record_id like $1`, [`${prefix}%`]);
    return { n: Number(counts.n), records: Number(counts.records) };
  };
  const job = async (url: string, token = svc.admin) => (await svc.http.get(url).set('Authorization', `Bearer ${token}`).expect(200)).body;
  async function finished(url: string) {
    let state = await job(url);
    for (let polls = 0; state.state === 'running' && polls < 400; polls++) state = (await new Promise((resolve) => setTimeout(resolve, 25)), await job(url));
    return state;
  }

  it('stops at its next commit when the service shuts down, and resumes with the same file after the lines it committed', async () => {
    await svc.app.listen(0, '127.0.0.1');
    const socket = connect((svc.app.getHttpServer().address() as AddressInfo).port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // Two and a half batches of the file, then the client goes quiet.
    const sent = [HEADER, ...rows(0, 2_500), ''].join('\n');
    socket.write(`POST /imports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${svc.integration}\r\nContent-Type: text/csv\r\nContent-Length: ${Buffer.byteLength(FILE)}\r\n\r\n${sent}`);
    for (let polls = 0; !/location: /i.test(Buffer.concat(received).toString()) && polls < 400; polls++) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /location: (\S+)/i.exec(Buffer.concat(received).toString())![1];
    for (let polls = 0; (await job(url)).committedThroughLine < 2_001 && polls < 400; polls++) await new Promise((resolve) => setTimeout(resolve, 10));

    await svc.close(); // what SIGTERM does
    await closed;
    svc = await startIngestionService({ now, sql });
    const interrupted = await job(url);
    expect(interrupted).toMatchObject({ state: 'interrupted', failure: expect.stringContaining(`POST ${url}/resume`), currentRowsPerSecond: 0 });
    // The rows it had read were committed before it stopped, and only those.
    expect(interrupted.committedThroughLine).toBeGreaterThanOrEqual(2_001);
    expect(await committedRows('bulk-')).toEqual({ n: interrupted.committedThroughLine - 1, records: interrupted.committedThroughLine - 1 });

    const other = await signDevelopmentToken({ secret: TEST_JWT_SECRET, subject: 'integration:erp', role: 'integration' });
    await svc.http.post(`${url}/resume`).set('Authorization', `Bearer ${other}`).set('Content-Type', 'text/csv').send(FILE).expect(404);
    await svc.http.post(`${url}/resume`).set('Authorization', `Bearer ${svc.integration}`).set('Content-Type', 'text/csv').send(FILE).expect(202);
    expect(await finished(url)).toMatchObject({ state: 'completed', rowsRead: 4_000, accepted: 4_000, unchanged: 0, rejected: 0, committedThroughLine: 4_001 });
    expect(await committedRows('bulk-')).toEqual({ n: 4_000, records: 4_000 });
    const again = await svc.http.post(`${url}/resume`).set('Authorization', `Bearer ${svc.integration}`).set('Content-Type', 'text/csv').send(FILE).expect(409);
    expect(again.body.detail).toContain('is completed');
  });

  it('shows a job whose process died as interrupted once its heartbeat is stale, and resumes it', async () => {
    const jobs = svc.app.get<ImportJobs>(IMPORT_JOBS);
    // What a process that died after its first batch leaves behind.
    const id = '7f0f3c1e-59a4-4b8e-9a51-3f1c2b7d9e10';
    await jobs.start({ id, startedBy: 'integration:crm', system: 'crm' });
    await jobs.progress(id, { bytesRead: 100, rowsRead: 0, accepted: 0, unchanged: 0, rejected: 0, committedThroughLine: 1, currentRowsPerSecond: 900 }, []);
    expect(await job(`/imports/${id}`)).toMatchObject({ state: 'running', currentRowsPerSecond: 900 });
    svc.clock.set('2027-04-02T08:01:01.000Z');
    expect(await job(`/imports/${id}`)).toMatchObject({ state: 'interrupted', currentRowsPerSecond: 0, committedThroughLine: 1 });
    const file = [HEADER, ...rows(0, 10).map((line) => line.replace('bulk-', 'dead-')), ''].join('\n');
    await svc.http.post(`/imports/${id}/resume`).set('Authorization', `Bearer ${svc.integration}`).set('Content-Type', 'text/csv').send(file).expect(202);
    expect(await finished(`/imports/${id}`)).toMatchObject({ state: 'completed', accepted: 10 });
    expect(await committedRows('dead-')).toEqual({ n: 10, records: 10 });
  });
});
