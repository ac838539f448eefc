import { Controller, Get, Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { signDevelopmentToken } from '../auth/development-token';
import { createTestHttpApp, TEST_SECRET, TestHttpApp } from '../testing/test-http-app';
import { logLevelOf } from './log-level';

@Controller('work')
class WorkController {
  private readonly logger = new Logger('Work');

  @Get()
  work() {
    this.logger.log('doing the work');
    return { ok: true };
  }
}

describe('LoggingModule', () => {
  let service: TestHttpApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const stream = new Writable({ write: (chunk, _, done) => done(void lines.push(JSON.parse(String(chunk)))) });
    service = await createTestHttpApp({ controllers: [WorkController], kit: { service: 'goals', logLevel: 'info', logging: { stream } } });
  });
  afterAll(() => service.close());

  it('writes one JSON line per request with the service, correlation id and request id, and no token', async () => {
    const token = await signDevelopmentToken({ secret: TEST_SECRET, subject: 'rita', role: 'member' });
    await service.http().get('/work').set('Authorization', `Bearer ${token}`).set('X-Correlation-Id', 'corr-1').expect(200);
    const request = lines.find((line) => line.msg === 'request completed' && line.correlationId === 'corr-1') as { req: { id: string; headers: Record<string, string> }; service: string };
    expect(request.service).toBe('goals');
    expect(request.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.req.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("binds the request's correlation id to what the handler logs", async () => {
    await service.http().get('/work').set('Authorization', `Bearer ${await signDevelopmentToken({ secret: TEST_SECRET, subject: 'rita', role: 'member' })}`).set('X-Correlation-Id', 'corr-2');
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'doing the work', context: 'Work', correlationId: 'corr-2' }));
  });

  it('does not log each health probe', async () => {
    const before = lines.length;
    await service.http().get('/health/live').expect(200);
    expect(lines.slice(before).filter((line) => line.msg === 'request completed')).toEqual([]);
  });

  it("moves Nest's start-up chatter to debug", () => {
    expect(lines.filter((line) => line.context === 'InstanceLoader')).toEqual([]);
  });
});

describe('logLevelOf', () => {
  const saved = process.env.LOG_LEVEL;
  afterEach(() => (process.env.LOG_LEVEL = saved));

  it('takes LOG_LEVEL, else info', () => {
    process.env.LOG_LEVEL = 'silent';
    expect(logLevelOf()).toBe('silent');
    delete process.env.LOG_LEVEL;
    expect(logLevelOf()).toBe('info');
    expect(logLevelOf('debug')).toBe('debug');
  });

  it('refuses an unknown level with the valid ones', () => {
    expect(() => logLevelOf('loud')).toThrow('LOG_LEVEL: expected one of fatal|error|warn|info|debug|trace|silent, got "loud"');
  });
});
