import { connect } from 'node:net';
import { AddressInfo } from 'node:net';
import { IngestionTestService, startIngestionService } from './ingestion-test-service';

describe('an upload that stops sending', () => {
  let svc: IngestionTestService;
  let port: number;
  beforeAll(async () => {
    svc = await startIngestionService({ now: '2027-04-02T08:00:00.000Z', env: { UPLOAD_IDLE_TIMEOUT_SECONDS: '1' } });
    await svc.http.put('/metric-definitions/sales.closed_won_amount').set('Authorization', `Bearer ${svc.admin}`).send({ name: 'Closed-won amount', unit: 'EUR' }).expect(200);
    await svc.app.listen(0, '127.0.0.1');
    port = (svc.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => svc.close());

  it('is dropped after the idle timeout, and its job ends failed instead of running forever', async () => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const head = 'metric,subject_type,subject_id,value,occurred_at,record_id\nsales.closed_won_amount,person,ada,1,2027-03-30T10:00:00Z,deal-1\n';
    socket.write(
      `POST /imports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${svc.admin}\r\nContent-Type: text/csv\r\nContent-Length: ${head.length + 10_000}\r\n\r\n${head}`,
    );
    await closed;
    // The status and Location went out before the body was read: the job to look at.
    const location = /location: (\S+)/i.exec(Buffer.concat(received).toString())?.[1];
    expect(location).toMatch(/^\/imports\//);
    let job = (await svc.http.get(location!).set('Authorization', `Bearer ${svc.admin}`).expect(200)).body;
    for (let polls = 0; job.state === 'running' && polls < 200; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (await svc.http.get(location!).set('Authorization', `Bearer ${svc.admin}`).expect(200)).body;
    }
    expect(job).toMatchObject({ state: 'failed', failure: expect.stringMatching(/upload/i) });
  });
});
