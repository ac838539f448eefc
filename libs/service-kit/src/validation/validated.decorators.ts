import { Body, createParamDecorator, ExecutionContext, Param, PipeTransform, Query } from '@nestjs/common';
import { z } from 'zod';
import { validationProblem } from '../problems/problem-details';
import { registerRouteSchema } from '../openapi/route-schemas';

export type RequestPart = 'body' | 'query' | 'params' | 'headers';

/** Parses one part of the request with a zod schema, or answers 400 naming every field at fault. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly part: RequestPart,
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? (this.part === 'body' ? undefined : {}));
    if (result.success) return result.data;
    throw validationProblem(
      result.error.issues.map((issue) => ({
        field: [this.part, ...issue.path.map(String)].join('.'),
        reason: issue.message,
      })),
    );
  }
}

/**
 * `@ValidBody(schema) body: z.infer<typeof schema>`: validated input, and the same schema documents
 * the route in OpenAPI.
 */
export function ValidBody<S extends z.ZodType>(schema: S): ParameterDecorator {
  return (target, key, index) => {
    registerRouteSchema(target, key, 'body', schema);
    Body(new ZodValidationPipe(schema, 'body'))(target, key, index);
  };
}

export function ValidQuery<S extends z.ZodType>(schema: S): ParameterDecorator {
  return (target, key, index) => {
    registerRouteSchema(target, key, 'query', schema);
    Query(new ZodValidationPipe(schema, 'query'))(target, key, index);
  };
}

export function ValidParams<S extends z.ZodType>(schema: S): ParameterDecorator {
  return (target, key, index) => {
    registerRouteSchema(target, key, 'params', schema);
    Param(new ZodValidationPipe(schema, 'params'))(target, key, index);
  };
}

export function ValidHeaders<S extends z.ZodType>(schema: S): ParameterDecorator {
  return (target, key, index) => {
    registerRouteSchema(target, key, 'headers', schema);
    RequestHeaders(new ZodValidationPipe(schema, 'headers'))(target, key, index);
  };
}

/** All request headers, so a pipe can validate the ones a route reads (If-Match, ...). */
const RequestHeaders = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest().headers);
