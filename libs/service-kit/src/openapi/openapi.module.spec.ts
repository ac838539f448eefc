import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { createTestHttpApp, TestHttpApp } from '../testing/test-http-app';
import { idSchema, timeTravelQuerySchema } from '../validation/common.schemas';
import { ValidBody, ValidParams, ValidQuery } from '../validation/valid-request.decorators';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import { ApiRoute } from './api-route.decorator';

const defineObjective = z.strictObject({
  title: z.string().min(1).max(200),
  keyResults: z.array(z.object({ target: z.number() })).default([]),
});
const objective = z.object({ id: z.string(), title: z.string(), version: z.number().int() });
const rename = z.object({ title: z.string() });

@Controller('objectives')
class ObjectivesController {
  @Post()
  @ApiRoute({ summary: 'Define an objective', tags: ['objectives'], responses: { 201: objective, 409: 'it exists already' } })
  define(@ValidBody(defineObjective) body: unknown) {
    return body;
  }

  @Get(':id')
  @ApiRoute({ summary: 'An objective, as of any instant', responses: { 200: { description: 'the objective', schema: objective } } })
  get(@ValidParams(z.object({ id: idSchema })) params: unknown, @ValidQuery(timeTravelQuerySchema) query: unknown) {
    return { params, query };
  }

  @Post(':id/rename')
  @HttpCode(200)
  @Roles('admin')
  @ApiRoute({ summary: 'Rename (the schema given here: this route uses the pipe directly)', body: rename })
  rename(@Body(new ZodValidationPipe(rename)) body: unknown) {
    return body;
  }

  @Post('import')
  @ApiRoute({ summary: 'Import a CSV file', consumes: 'text/csv', responses: { 200: 'imported' } })
  import(@Body() csv: string) {
    return csv;
  }

  @Get('undocumented')
  undocumented() {
    return {};
  }
}

type Document = {
  openapi: string;
  paths: Record<string, Record<string, Record<string, any>>>;
  components: Record<string, any>;
  security: unknown;
};

describe('OpenApiModule', () => {
  let service: TestHttpApp;
  let document: Document;
  beforeAll(async () => {
    service = await createTestHttpApp({ controllers: [ObjectivesController], kit: { openApi: { title: 'Goals <test>', version: '2.1', description: 'what it does' } } });
    document = (await service.http().get('/openapi.json').expect(200)).body;
  });
  afterAll(() => service.close());

  it('is an OpenAPI 3.1 document with bearer authentication by default', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document).toMatchObject({ info: { title: 'Goals <test>', version: '2.1', description: 'what it does' } });
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('documents the request body with the JSON Schema of the zod schema the route validates with', () => {
    const define = document.paths['/objectives'].post;
    expect(define).toMatchObject({ summary: 'Define an objective', tags: ['objectives'], operationId: 'Objectives_define' });
    expect(define.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              title: { type: 'string', minLength: 1, maxLength: 200 },
              keyResults: { default: [], type: 'array', items: { type: 'object', properties: { target: { type: 'number' } }, required: ['target'] } },
            },
            required: ['title'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(define.responses['201'].content['application/json'].schema).toMatchObject({ type: 'object', required: ['id', 'title', 'version'] });
  });

  it('documents path and query parameters, with {id} for :id', () => {
    const get = document.paths['/objectives/{id}'].get;
    expect(get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', pattern: expect.any(String) }) },
      { name: 'asOf', in: 'query', required: false, description: expect.stringContaining('valid time'), schema: expect.objectContaining({ format: 'date-time' }) },
      { name: 'knownAt', in: 'query', required: false, description: expect.stringContaining('transaction time'), schema: expect.objectContaining({ format: 'date-time' }) },
    ]);
  });

  it('documents problems as application/problem+json: the ones given, 400, 401, 403 where they apply, and a default', () => {
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    const define = document.paths['/objectives'].post.responses;
    expect(define['409']).toEqual({ description: 'it exists already', content: problem });
    expect(define['400'].content).toEqual(problem);
    expect(define['401'].content).toEqual(problem);
    expect(define['403']).toBeUndefined();
    expect(define.default.content).toEqual(problem);
    expect(document.components.schemas.Problem).toMatchObject({ type: 'object', required: expect.arrayContaining(['type', 'title', 'status', 'correlationId']) });
  });

  it('takes the schema from @ApiRoute when the route validates without the decorators, and notes roles', () => {
    const rename = document.paths['/objectives/{id}/rename'].post;
    expect(rename.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['title'] });
    expect(rename.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(rename.responses['200']).toEqual({ description: 'Success' });
    expect(rename.responses['403'].content['application/problem+json']).toBeDefined();
    expect(rename.description).toBe('Needs the role admin.');
  });

  it('documents a CSV upload', () => {
    expect(document.paths['/objectives/import'].post.requestBody).toEqual({ required: true, content: { 'text/csv': { schema: { type: 'string' } } } });
  });

  it('leaves out routes without @ApiRoute, and marks public ones', () => {
    expect(document.paths['/objectives/undocumented']).toBeUndefined();
    expect(document.paths['/openapi.json']).toBeUndefined();
    expect(document.paths['/health/live'].get.security).toEqual([]);
    expect(document.paths['/health/ready'].get.responses['503'].content['application/json']).toBeDefined();
  });

  it('serves Swagger UI from the files of swagger-ui-dist, without a token and without a CDN', async () => {
    const page = await service.http().get('/docs').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<title>Goals &#60;test&#62;: API</title>');
    expect(page.text).toContain('src="docs/assets/swagger-ui-bundle.js"');
    expect(page.text).toContain('data-url="openapi.json"');
    expect(page.text).not.toMatch(/https?:\/\//);
    const bundle = await service.http().get('/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    await service.http().get('/docs/assets/swagger-ui.css').expect(200);
    expect((await service.http().get('/docs/init.js').expect(200)).text).toContain('SwaggerUIBundle');
  });

  it('links the page relative to a trailing slash as well', async () => {
    const page = await service.http().get('/docs/').expect(200);
    expect(page.text).toContain('src="assets/swagger-ui-bundle.js"');
    expect(page.text).toContain('data-url="../openapi.json"');
  });

  it('serves no other file than the assets', async () => {
    const res = await service.http().get('/docs/assets/package.json');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('OpenApiModule under a global prefix', () => {
  let service: TestHttpApp;
  afterAll(() => service.close());

  it('documents the paths with the prefix, except the routes the prefix excludes', async () => {
    service = await createTestHttpApp({ controllers: [ObjectivesController], http: { globalPrefix: 'api', globalPrefixExclude: ['health/live', 'health/ready'] } });
    const document: Document = (await service.http().get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/objectives', '/api/objectives/{id}', '/health/live', '/health/ready']));
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/objectives'))).toEqual([]);
    await service.http().get('/health/live').expect(200);
    const page = await service.http().get('/api/docs').expect(200);
    expect(page.text).toContain('src="docs/assets/swagger-ui-bundle.js"');
    await service.http().get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
  });
});
