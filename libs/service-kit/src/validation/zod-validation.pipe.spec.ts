import { z } from 'zod';
import { ProblemError } from '../problems/problem.error';
import { ZodValidationPipe } from './zod-validation.pipe';

const schema = z.strictObject({ size: z.coerce.number().int().positive(), label: z.string().default('none') });

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    return (error as ProblemError).problem;
  }
  throw new Error('expected a ProblemError');
}

describe('ZodValidationPipe', () => {
  it('hands back the parsed value: coerced, defaulted', () => {
    expect(new ZodValidationPipe(schema).transform({ size: '3' }, { type: 'query' })).toEqual({ size: 3, label: 'none' });
  });

  it('names the fields after the part Nest says the argument comes from', () => {
    expect(problemOf(() => new ZodValidationPipe(schema).transform({ size: 0 }, { type: 'body' })).errors).toEqual([{ field: 'body.size', reason: expect.any(String) }]);
    expect(problemOf(() => new ZodValidationPipe(schema).transform({ size: 0 }, { type: 'param' })).errors?.[0].field).toBe('params.size');
    expect(problemOf(() => new ZodValidationPipe(schema).transform({ size: 0 }, { type: 'query' })).errors?.[0].field).toBe('query.size');
  });

  it('names a single value by its key: @Query("asOf", pipe)', () => {
    const problem = problemOf(() => new ZodValidationPipe(z.iso.datetime()).transform('soon', { type: 'query', data: 'asOf' }));
    expect(problem.errors).toEqual([{ field: 'query.asOf', reason: expect.any(String) }]);
  });

  it('answers 400 validation-failed with a detail that repeats the fields', () => {
    const problem = problemOf(() => new ZodValidationPipe(schema, 'body').transform({ size: 'x', other: 1 }));
    expect(problem).toMatchObject({ status: 400, type: 'https://okr-platform.dev/problems/validation-failed', title: 'The request is not valid' });
    expect(problem.errors).toEqual([
      { field: 'body.size', reason: 'expected number, got not a number' },
      { field: 'body.other', reason: 'is not a known field' },
    ]);
    expect(problem.detail).toBe('body.size: expected number, got not a number; body.other: is not a known field');
  });

  it("keeps a message the schema's author wrote", () => {
    const named = z.object({ code: z.string({ error: 'give the ISO currency code' }) });
    expect(problemOf(() => new ZodValidationPipe(named, 'body').transform({})).errors).toEqual([{ field: 'body.code', reason: 'give the ISO currency code' }]);
  });

  it('says a body that is missing altogether is required', () => {
    expect(problemOf(() => new ZodValidationPipe(schema, 'body').transform(undefined)).errors).toEqual([{ field: 'body', reason: 'is required' }]);
  });
});
