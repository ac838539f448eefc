import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator';
import { createTestHttpApp, TestHttpApp } from '../testing/test-http-app';

@Public()
@Controller('uploads')
class StreamedUploadController {
  /** Reads the request stream itself, as a large upload is parsed while it arrives. */
  @Post('stream')
  @HttpCode(200)
  async stream(@Req() request: Request) {
    let bytes = 0;
    for await (const chunk of request) bytes += (chunk as Buffer).length;
    return { parsedBefore: request.body !== undefined && typeof request.body === 'string', bytes };
  }
}

describe('body parsers with streamed media types', () => {
  let service: TestHttpApp;
  beforeAll(async () => (service = await createTestHttpApp({ controllers: [StreamedUploadController], http: { textTypes: [], streamedTypes: ['text/csv'] } })));
  afterAll(() => service.close());

  it('leave a streamed type unread, so the handler gets every byte from the stream, beyond the text limit', async () => {
    const csv = 'x'.repeat(3 * 1024 * 1024);
    const res = await service.http().post('/uploads/stream').set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ parsedBefore: false, bytes: csv.length });
  });

  it('still refuse a type nobody reads with 415', async () => {
    expect((await service.http().post('/uploads/stream').set('Content-Type', 'text/plain').send('a')).status).toBe(415);
  });
});
