import { Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import request from 'supertest';
import { z } from 'zod';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { signDevelopmentToken } from '../auth/development-token';
import { Roles } from '../auth/roles.decorator';
import { HEALTH_CHECKS } from '../health/health-check';
import { HealthController } from '../health/health.controller';
import { ApiRoute } from '../openapi/api-route.decorator';
import { CurrentRequestMeta, RequestMeta } from '../request/request-meta';
import { timeTravelQuerySchema } from '../validation/common.schemas';
import { ValidBody, ValidQuery } from '../validation/validated.decorators';
import { createHttpApp } from './create-http-app';
import { ServiceKitModule } from './service-kit.module';

class ThingNotFound extends Error {
  readonly field = 'thingId';
}

const thingRequest = z.strictObject({ name: z.string().min(1), size: z.number().int().positive(), tags: z.array(z.string()).optional() });

@Controller('things')
class ThingsController {
  @Post()
  @ApiRoute({ summary: 'Create a thing', responses: { 201: 'created' } })
  create(@ValidBody(thingRequest) body: z.infer<typeof thingRequest>, @CurrentActor() actor: Actor, @CurrentRequestMeta() meta: RequestMeta) {
    return { ...body, actor: actor.id, correlationId: meta.correlationId };
  }

  @Get('missing')
  @ApiRoute({ summary: 'Always missing', responses: { 200: 'never' } })
  missing(@ValidQuery(timeTravelQuerySchema) _at: unknown) {
    throw new ThingNotFound('thing 42 does not exist');
  }

  @Get('broken')
  broken() {
    throw new Error('database password is hunter2');
  }

  @Get('admin-only')
  @Roles('admin')
  adminOnly() {
    return { ok: true };
  }
}

const SECRET = 'a-test-secret-of-at-least-32-characters!!';
let healthy = true;

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'test',
      auth: { secret: SECRET },
      openApi: { title: 'Test', version: '1' },
      errorMappings: [{ error: ThingNotFound, status: 404, type: 'not-found', title: 'Not found' }],
      logLevel: 'silent',
    }),
  ],
  controllers: [ThingsController, HealthController],
  providers: [{ provide: HEALTH_CHECKS, useValue: [{ name: 'database', check: async () => { if (!healthy) throw new Error('connection refused'); } }] }],
})
class TestModule {}

describe('the service kit', () => {
  let app: INestApplication;
  let member: string;
  beforeAll(async () => {
    app = await createHttpApp(TestModule, { jsonLimit: '1kb' });
    await app.init();
    member = await signDevelopmentToken({ secret: SECRET, subject: 'rita', role: 'member' });
  });
  afterAll(() => app.close());
  const http = () => request(app.getHttpServer());

  describe('problems (RFC 9457)', () => {
    it('names every invalid field of the body', async () => {
      const res = await http().post('/things').set('Authorization', `Bearer ${member}`).send({ name: '', size: -1, extra: 1 });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'body.name', reason: expect.any(String) },
          { field: 'body.size', reason: expect.any(String) },
          { field: 'body', reason: expect.stringContaining('extra') },
        ]),
      );
    });
    it('answers malformed JSON with 400 naming the body', async () => {
      const res = await http().post('/things').set('Authorization', `Bearer ${member}`).set('Content-Type', 'application/json').send('{bad json');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ title: 'The body is not valid JSON', errors: [{ field: 'body' }] });
    });
    it('answers a body over the limit with 413', async () => {
      const res = await http().post('/things').set('Authorization', `Bearer ${member}`).send({ name: 'x'.repeat(5000), size: 1 });
      expect(res.status).toBe(413);
    });
    it('names a malformed query value', async () => {
      const res = await http().get('/things/missing?asOf=yesterday').set('Authorization', `Bearer ${member}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'query.asOf', reason: expect.stringContaining('ISO 8601') }]);
    });
    it("maps a service's own error through its mapping, with the field", async () => {
      const res = await http().get('/things/missing').set('Authorization', `Bearer ${member}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ title: 'Not found', detail: 'thing 42 does not exist', errors: [{ field: 'thingId' }] });
    });
    it('answers an unknown route with a 404 problem', async () => {
      const res = await http().get('/nothing-here');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });
    it('answers an unexpected error with a 500 that does not leak its message', async () => {
      const res = await http().get('/things/broken').set('Authorization', `Bearer ${member}`);
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
    });
  });

  describe('authentication', () => {
    it('takes the actor from the token', async () => {
      const res = await http().post('/things').set('Authorization', `Bearer ${member}`).send({ name: 'a', size: 1 });
      expect(res.status).toBe(201);
      expect(res.body.actor).toBe('rita');
    });
    it('refuses a missing token with 401 and WWW-Authenticate', async () => {
      const res = await http().post('/things').send({ name: 'a', size: 1 });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });
    it('refuses a token signed with another secret', async () => {
      const forged = await signDevelopmentToken({ secret: 'another-secret-of-at-least-32-characters', subject: 'rita', role: 'admin' });
      expect((await http().get('/things/admin-only').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
    });
    it('refuses an expired token', async () => {
      const expired = await signDevelopmentToken({ secret: SECRET, subject: 'rita', role: 'member', expiresIn: '-1m' });
      expect((await http().get('/things/missing').set('Authorization', `Bearer ${expired}`)).status).toBe(401);
    });
    it('refuses a role the route does not allow with 403', async () => {
      expect((await http().get('/things/admin-only').set('Authorization', `Bearer ${member}`)).status).toBe(403);
      const admin = await signDevelopmentToken({ secret: SECRET, subject: 'olivia', role: 'admin' });
      expect((await http().get('/things/admin-only').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    });
  });

  it('echoes a well-formed correlation id and makes one otherwise', async () => {
    const given = await http().post('/things').set('Authorization', `Bearer ${member}`).set('X-Correlation-Id', 'import-42').send({ name: 'a', size: 1 });
    expect(given.headers['x-correlation-id']).toBe('import-42');
    expect(given.body.correlationId).toBe('import-42');
    const made = await http().post('/things').set('Authorization', `Bearer ${member}`).set('X-Correlation-Id', 'bad id!').send({ name: 'a', size: 1 });
    expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('documents the routes in OpenAPI with the schemas they validate with, and serves the docs page', async () => {
    const document = (await http().get('/openapi.json')).body;
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const create = document.paths['/things'].post;
    expect(create.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['name', 'size'] });
    expect(document.paths['/things/missing'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['asOf', 'knownAt']);
    expect(document.paths['/health/live'].get.security).toEqual([]);
    const docs = await http().get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui-bundle.js');
    expect((await http().get('/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('exposes Prometheus metrics, counting requests by route pattern and status', async () => {
    await http().get('/things/missing').set('Authorization', `Bearer ${member}`);
    const metrics = await http().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/http_requests_total\{method="GET",route="\/things\/missing",status="404"\} \d+/);
    expect(metrics.text).toContain('process_resident_memory_bytes');
  });

  it('is ready while its checks pass, and says which one fails', async () => {
    healthy = true;
    expect((await http().get('/health/ready')).body).toEqual({ status: 'ok', checks: { database: { status: 'ok' } } });
    healthy = false;
    const res = await http().get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body.checks.database).toEqual({ status: 'down', reason: 'connection refused' });
    expect((await http().get('/health/live')).status).toBe(200);
  });
});
