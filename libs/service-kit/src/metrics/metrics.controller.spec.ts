import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { createTestHttpApp, TestHttpApp } from '../testing/test-http-app';

@Public()
@Controller('things')
class ThingsController {
  @Get(':id')
  get() {
    return {};
  }
}

describe('MetricsController', () => {
  let service: TestHttpApp;
  beforeAll(async () => (service = await createTestHttpApp({ controllers: [ThingsController] })));
  afterAll(() => service.close());

  it('exposes Prometheus metrics, counting requests by route pattern and status', async () => {
    await service.http().get('/things/42');
    const metrics = await service.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/http_requests_total\{method="GET",route="\/things\/:id",status="200"\} \d+/);
    expect(metrics.text).toContain('process_resident_memory_bytes');
  });
});
