import { Injectable, Module } from '@nestjs/common';
import { createTestHttpApp, TestHttpApp } from '../testing/test-http-app';
import { HEALTH_CHECKS, HealthCheck } from './health-check';
import { runHealthChecks } from './run-health-checks';

@Injectable()
class FakeDatabase {
  up = true;
  async ping() {
    if (!this.up) throw new Error('connection refused');
  }
}

/** Each module adds its own checks, as the event-store and bus modules would. */
@Module({
  providers: [FakeDatabase, { provide: HEALTH_CHECKS, inject: [FakeDatabase], useFactory: (db: FakeDatabase): HealthCheck[] => [{ name: 'database', check: () => db.ping() }] }],
  exports: [FakeDatabase],
})
class DatabaseModule {}

@Module({ providers: [{ provide: HEALTH_CHECKS, useValue: { name: 'bus', check: async () => undefined } }] })
class BusModule {}

describe('HealthModule', () => {
  let service: TestHttpApp;
  beforeAll(async () => (service = await createTestHttpApp({ imports: [DatabaseModule, BusModule] })));
  afterAll(() => service.close());

  it('is live while the process runs, without a token', async () => {
    expect((await service.http().get('/health/live')).body).toEqual({ status: 'ok' });
  });

  it('is ready while every check of every module passes', async () => {
    service.app.get(FakeDatabase).up = true;
    const res = await service.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: { status: 'ok' }, bus: { status: 'ok' } } });
  });

  it('answers 503 naming the failing check and its reason', async () => {
    service.app.get(FakeDatabase).up = false;
    const res = await service.http().get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', checks: { database: { status: 'down', reason: 'connection refused' }, bus: { status: 'ok' } } });
    expect((await service.http().get('/health/live')).status).toBe(200);
  });
});

describe('runHealthChecks', () => {
  it('counts a check that does not answer in time as down', async () => {
    const hung: HealthCheck = { name: 'kafka', check: () => new Promise(() => undefined) };
    expect(await runHealthChecks([hung], 20)).toEqual({ status: 'unavailable', checks: { kafka: { status: 'down', reason: 'no answer within 20 ms' } } });
  });
  it('is ready with no checks at all', async () => {
    expect(await runHealthChecks([], 20)).toEqual({ status: 'ok', checks: {} });
  });
});
