import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { createTestHttpApp, TestHttpApp } from '../testing/test-http-app';

@Public()
@Controller('uploads')
class UploadsController {
  @Post('csv')
  @HttpCode(200)
  csv(@Body() body: unknown) {
    return { type: typeof body, length: typeof body === 'string' ? body.length : 0 };
  }

  @Post('signed')
  @HttpCode(200)
  signed(@Req() request: { rawBody?: Buffer }, @Body() body: unknown) {
    return { raw: request.rawBody?.toString('utf8'), body };
  }

  @Post('nothing')
  @HttpCode(204)
  nothing() {}
}

describe('createHttpApp', () => {
  let service: TestHttpApp;
  beforeAll(async () => (service = await createTestHttpApp({ controllers: [UploadsController], http: { textLimit: '2mb', rawBody: true } })));
  afterAll(() => service.close());

  it('reads text/csv uploads as a string, up to their own limit (larger than JSON bodies)', async () => {
    const csv = `id,name\n${'p-1,Rita\n'.repeat(150_000)}`;
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    expect((await service.http().post('/uploads/csv').set('Content-Type', 'text/csv').send(csv)).body).toEqual({ type: 'string', length: csv.length });
    const tooLarge = await service.http().post('/uploads/csv').set('Content-Type', 'text/csv').send('x'.repeat(3 * 1024 * 1024));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.detail).toBe(`the body may be at most ${2 * 1024 * 1024} bytes`);
  });

  it('keeps the raw bytes when asked, e.g. to check a webhook signature', async () => {
    const res = await service.http().post('/uploads/signed').set('Content-Type', 'application/json').send('{"a": 1}');
    expect(res.body).toEqual({ raw: '{"a": 1}', body: { a: 1 } });
  });

  it('takes JSON with a +json media type', async () => {
    const res = await service.http().post('/uploads/signed').set('Content-Type', 'application/merge-patch+json').send('{"a":2}');
    expect(res.body.body).toEqual({ a: 2 });
  });

  it('lets a POST without a body through', async () => {
    await service.http().post('/uploads/nothing').expect(204);
  });

  it('answers a body of a type no parser reads with 415', async () => {
    const res = await service.http().post('/uploads/csv').set('Content-Type', 'application/x-www-form-urlencoded').send('a=1');
    expect(res.status).toBe(415);
  });

  it('does not say which framework answers', async () => {
    expect((await service.http().get('/health/live')).headers['x-powered-by']).toBeUndefined();
  });
});
