import { Body, ConflictException, Controller, Get, Module, Post } from '@nestjs/common';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { Public } from '../auth/public.decorator';
import { createTestHttpApp, TestHttpApp } from '../testing/test-http-app';
import { ValidBody, ValidHeaders, ValidParams, ValidQuery } from '../validation/valid-request.decorators';
import { ERROR_MAPPINGS } from './error-mapping';
import { ProblemError } from './problem.error';

class NotFoundError extends Error {
  readonly field = 'thingId';
}
class RuleViolationError extends Error {}
class VersionConflictError extends Error {}

const objectiveRequest = z.strictObject({
  title: z.string().min(1),
  keyResults: z.array(z.object({ target: z.number() })),
});

@Public()
@Controller('things')
class ThingsController {
  @Post()
  create(@ValidBody(objectiveRequest) body: z.infer<typeof objectiveRequest>) {
    return body;
  }

  @Get('at')
  at(@ValidQuery(z.object({ asOf: z.iso.datetime({ offset: true }) })) query: unknown) {
    return query;
  }

  @Get('by-id/:id')
  byId(@ValidParams(z.object({ id: z.string().regex(/^[a-z]+$/) })) params: unknown) {
    return params;
  }

  @Get('versioned')
  versioned(@ValidHeaders(z.object({ 'if-match': z.string().regex(/^\d+$/) })) headers: unknown) {
    return headers;
  }

  @Get('missing')
  missing() {
    throw new NotFoundError('thing 42 does not exist');
  }

  @Get('refused')
  refused() {
    throw new RuleViolationError('a person cannot own an objective');
  }

  @Get('conflict')
  conflict() {
    throw new VersionConflictError('changed since version 3');
  }

  @Get('http-exception')
  httpException() {
    throw new ConflictException('already closed');
  }

  @Get('problem')
  problem() {
    throw new ProblemError({ type: 'https://okr-platform.dev/problems/teapot', title: 'I am a teapot', status: 418, detail: 'short and stout' });
  }

  @Get('broken')
  broken() {
    throw new Error('database password is hunter2');
  }

  @Post('raw')
  raw(@Body() body: unknown) {
    return { received: body };
  }
}

/** Another module contributes its own mapping, as an event-store module would. */
@Module({ providers: [{ provide: ERROR_MAPPINGS, useValue: [{ error: VersionConflictError, status: 409, type: 'version-conflict', title: 'Changed by someone else' }] }] })
class EventStoreLikeModule {}

describe('ProblemDetailsFilter', () => {
  let service: TestHttpApp;
  const logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    service = await createTestHttpApp({
      controllers: [ThingsController],
      imports: [EventStoreLikeModule],
      kit: {
        logLevel: 'info',
        logging: { stream: new Writable({ write: (chunk, _, done) => done(void logs.push(JSON.parse(String(chunk)))) }) },
        errorMappings: [
          { error: NotFoundError, status: 404, type: 'not-found', title: 'Not found' },
          { error: RuleViolationError, status: 422, type: 'rule-violated', title: 'Refused by a business rule' },
        ],
      },
    });
  });
  afterAll(() => service.close());
  const http = () => service.http();

  function expectProblem(response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, type: string) {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.body).toMatchObject({ type: `https://okr-platform.dev/problems/${type}`, status, title: expect.any(String), detail: expect.any(String) });
    expect(response.body.correlationId).toBe(response.headers['x-correlation-id']);
  }

  describe('validation failures (400)', () => {
    it('names every field of the body at fault, nested paths joined with dots, unknown keys one by one', async () => {
      const res = await http()
        .post('/things')
        .send({ title: '', keyResults: [{ target: 1 }, { target: 'high' }], extra: 1 });
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.instance).toBe('/things');
      expect(res.body.errors).toEqual([
        { field: 'body.title', reason: expect.stringContaining('>=1') },
        { field: 'body.keyResults.1.target', reason: 'expected number, got string' },
        { field: 'body.extra', reason: 'is not a known field' },
      ]);
    });
    it('says which required field is missing', async () => {
      const res = await http().post('/things').send({ keyResults: [] });
      expect(res.body.errors).toEqual([{ field: 'body.title', reason: 'is required' }]);
    });
    it('prefixes query, params and headers', async () => {
      expect((await http().get('/things/at?asOf=yesterday')).body.errors).toEqual([{ field: 'query.asOf', reason: expect.any(String) }]);
      expect((await http().get('/things/by-id/ABC')).body.errors).toEqual([{ field: 'params.id', reason: expect.any(String) }]);
      expect((await http().get('/things/versioned').set('If-Match', 'v3')).body.errors).toEqual([{ field: 'headers.if-match', reason: expect.any(String) }]);
    });
    it('refuses values no request may hold, naming the field, before the schema sees them', async () => {
      const nul = await http().post('/things').send({ title: 'a\u0000b', keyResults: [] });
      expectProblem(nul, 400, 'validation-failed');
      expect(nul.body.errors).toEqual([{ field: 'body.title', reason: expect.stringContaining('NUL') }]);
      const surrogate = await http().post('/things').set('Content-Type', 'application/json').send('{"title":"a\\ud800","keyResults":[]}');
      expect(surrogate.body.errors).toEqual([{ field: 'body.title', reason: expect.stringContaining('lone surrogate') }]);
      const infinite = await http().post('/things').set('Content-Type', 'application/json').send('{"title":"a","keyResults":[{"target":1e309}]}');
      expect(infinite.body.errors).toEqual([{ field: 'body.keyResults.0.target', reason: 'must be a finite number' }]);
      const deep = await http().post('/things').set('Content-Type', 'application/json').send(`{"title":"a","keyResults":[],"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
      expectProblem(deep, 400, 'validation-failed');
      expect(deep.body.errors[0].reason).toContain('nested deeper');
      expect((await http().get(`/things/by-id/a%00b`)).body.errors).toEqual([{ field: 'params.id', reason: expect.stringContaining('NUL') }]);
    });
  });

  describe('refusals of the body parsers, before any controller', () => {
    it('answers malformed JSON with 400 naming the body', async () => {
      const res = await http().post('/things').set('Content-Type', 'application/json').send('{bad json');
      expectProblem(res, 400, 'malformed-body');
      expect(res.body.errors).toEqual([{ field: 'body', reason: expect.stringContaining('not valid JSON') }]);
    });
    it('answers a body over the 1 MB JSON limit with 413', async () => {
      const res = await http()
        .post('/things')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024), keyResults: [] }));
      expectProblem(res, 413, 'payload-too-large');
    });
    it('answers text/plain sent to a JSON endpoint with 415', async () => {
      const res = await http().post('/things').set('Content-Type', 'text/plain').send('title=x');
      expectProblem(res, 415, 'unsupported-media-type');
      expect(res.body.detail).toContain('application/json');
    });
    it('answers an unsupported charset with 415', async () => {
      const res = await http().post('/things').set('Content-Type', 'application/json; charset=klingon').send('{}');
      expectProblem(res, 415, 'unsupported-media-type');
    });
    it('logs a refusal the request logger never saw, with its correlation id', async () => {
      await http().post('/things').set('Content-Type', 'application/json').set('X-Correlation-Id', 'bad-json-1').send('{bad');
      expect(logs).toContainEqual(expect.objectContaining({ correlationId: 'bad-json-1', msg: expect.stringContaining('refused with 400') }));
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await http().get('/nothing-here');
    expectProblem(res, 404, 'not-found');
    expect(res.body.detail).toBe('Cannot GET /nothing-here');
  });

  it('answers a path that cannot be decoded with 400, not 500', async () => {
    expectProblem(await http().get('/things/by-id/%E0%A4%A'), 400, 'bad-request');
  });

  it("answers Nest's HttpExceptions with their status", async () => {
    const res = await http().get('/things/http-exception');
    expectProblem(res, 409, 'conflict');
    expect(res.body).toMatchObject({ title: 'Conflict', detail: 'already closed' });
  });

  it('answers a ProblemError with its own problem', async () => {
    const res = await http().get('/things/problem');
    expectProblem(res, 418, 'teapot');
    expect(res.body.detail).toBe('short and stout');
  });

  describe("a service's own errors, through its mappings", () => {
    it('uses the mapped status, type and title, the message as detail, and the field as an error', async () => {
      const res = await http().get('/things/missing');
      expectProblem(res, 404, 'not-found');
      expect(res.body).toMatchObject({ title: 'Not found', detail: 'thing 42 does not exist', errors: [{ field: 'thingId', reason: 'thing 42 does not exist' }] });
    });
    it('leaves errors out when the error names no field', async () => {
      const res = await http().get('/things/refused');
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.errors).toBeUndefined();
    });
    it('applies the mappings any module provides', async () => {
      expectProblem(await http().get('/things/conflict'), 409, 'version-conflict');
    });
  });

  it('answers an unexpected error with a generic 500, and logs it with its stack and correlation id', async () => {
    const res = await http().get('/things/broken').set('X-Correlation-Id', 'broken-1');
    expectProblem(res, 500, 'internal-error');
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    const line = logs.find((entry) => entry.context === 'ProblemDetails' && entry.level === 50 && entry.correlationId === 'broken-1');
    expect((line?.err as { stack: string }).stack).toContain('hunter2');
  });

  it('counts each unexpected 500 by route on /metrics, for an alert', async () => {
    const count = async () => Number((await http().get('/metrics')).text.match(/http_internal_errors_total\{method="GET",route="\/things\/broken"\} (\d+)/)?.[1] ?? 0);
    const before = await count();
    await http().get('/things/broken');
    expect(await count()).toBe(before + 1);
  });

  it('lets the text parser through to a route that reads text/csv', async () => {
    const res = await http().post('/things/raw').set('Content-Type', 'text/csv').send('a,b\n1,2');
    expect(res.body).toEqual({ received: 'a,b\n1,2' });
  });
});
