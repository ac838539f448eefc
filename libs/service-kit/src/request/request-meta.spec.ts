import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { createTestHttpApp, TestHttpApp } from '../testing/test-http-app';
import { correlationIdFrom } from './correlation-id';
import { RequestMeta } from './request-meta';

@Public()
@Controller('meta')
class MetaController {
  @Get()
  meta(@RequestMeta() meta: RequestMeta) {
    return meta;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request meta', () => {
  let service: TestHttpApp;
  beforeAll(async () => (service = await createTestHttpApp({ controllers: [MetaController] })));
  afterAll(() => service.close());

  it('takes a well-formed X-Correlation-Id, echoes it, and gives each request its own id', async () => {
    const first = await service.http().get('/meta').set('X-Correlation-Id', 'import-42:batch.7');
    const second = await service.http().get('/meta').set('X-Correlation-Id', 'import-42:batch.7');
    expect(first.headers['x-correlation-id']).toBe('import-42:batch.7');
    expect(first.body).toEqual({ correlationId: 'import-42:batch.7', requestId: expect.stringMatching(UUID) });
    expect(second.body.requestId).not.toBe(first.body.requestId);
  });

  it('makes a new correlation id when none is given', async () => {
    const res = await service.http().get('/meta');
    expect(res.body.correlationId).toMatch(UUID);
    expect(res.headers['x-correlation-id']).toBe(res.body.correlationId);
  });

  it('echoes the correlation id on problems too, even those answered before routing', async () => {
    const res = await service.http().get('/nowhere').set('X-Correlation-Id', 'trace-me');
    expect(res.headers['x-correlation-id']).toBe('trace-me');
    expect(res.body.correlationId).toBe('trace-me');
  });
});

describe('correlationIdFrom', () => {
  it.each([['with spaces', 'bad id'], ['too long', 'a'.repeat(129)], ['empty', ''], ['control characters', 'a\u0000b'], ['a list', ['a', 'b']]])(
    'replaces an id %s with a new UUID',
    (_, given) => expect(correlationIdFrom(given)).toMatch(UUID),
  );
  it('keeps 128 allowed characters', () => expect(correlationIdFrom('a'.repeat(128))).toBe('a'.repeat(128)));
});
