import { Controller, Get, Post } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '../auth/public.decorator';
import { routeSchemasOf } from '../openapi/route-schemas';
import { createTestHttpApp, TestHttpApp } from '../testing/test-http-app';
import { ValidBody, ValidHeaders, ValidParams, ValidQuery } from './valid-request.decorators';

const body = z.object({ title: z.string().trim(), weight: z.number().default(1) });
const query = z.object({ limit: z.coerce.number().int().max(100).default(20), asOf: z.string().optional() });
const params = z.object({ id: z.string() });
const headers = z.object({ 'if-match': z.coerce.number().int().optional() });

@Public()
@Controller('items')
class ItemsController {
  @Post(':id')
  update(@ValidParams(params) p: z.infer<typeof params>, @ValidBody(body) b: z.infer<typeof body>, @ValidHeaders(headers) h: z.infer<typeof headers>) {
    return { params: p, body: b, ifMatch: h['if-match'] };
  }

  @Get()
  list(@ValidQuery(query) q: z.infer<typeof query>) {
    return q;
  }
}

describe('@ValidBody, @ValidQuery, @ValidParams, @ValidHeaders', () => {
  let service: TestHttpApp;
  beforeAll(async () => (service = await createTestHttpApp({ controllers: [ItemsController] })));
  afterAll(() => service.close());

  it('hand the handler parsed values: trimmed, defaulted, coerced', async () => {
    const res = await service.http().post('/items/i-1').set('If-Match', '7').send({ title: '  Launch  ' });
    expect(res.body).toEqual({ params: { id: 'i-1' }, body: { title: 'Launch', weight: 1 }, ifMatch: 7 });
    expect((await service.http().get('/items?limit=5')).body).toEqual({ limit: 5 });
    expect((await service.http().get('/items')).body).toEqual({ limit: 20 });
  });

  it('register each schema on the route, for the OpenAPI document', () => {
    expect(routeSchemasOf(ItemsController.prototype.update)).toEqual({ params, body, headers });
    expect(routeSchemasOf(ItemsController.prototype.list)).toEqual({ query });
  });
});
