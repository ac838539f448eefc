import { Body, createParamDecorator, ExecutionContext, Param, Query } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { registerRouteSchema } from '../openapi/route-schemas';
import { RequestPart } from './request-part';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * `@ValidBody(schema) body: z.infer<typeof schema>`: the handler gets the parsed value, a bad one is
 * answered with 400, and the same schema documents the route in OpenAPI (declared once).
 */
export function ValidBody(schema: z.ZodType): ParameterDecorator {
  return validated('body', schema, (pipe) => Body(pipe));
}

/** Query strings are strings: use z.coerce for numbers, and optional() for what may be left out. */
export function ValidQuery(schema: z.ZodType): ParameterDecorator {
  return validated('query', schema, (pipe) => Query(pipe));
}

export function ValidParams(schema: z.ZodType): ParameterDecorator {
  return validated('params', schema, (pipe) => Param(pipe));
}

/** Header names are lower case: `z.object({ 'if-match': ... })`. */
export function ValidHeaders(schema: z.ZodType): ParameterDecorator {
  return validated('headers', schema, (pipe) => RequestHeaders(pipe));
}

function validated(part: RequestPart, schema: z.ZodType, decorator: (pipe: ZodValidationPipe<z.ZodType>) => ParameterDecorator): ParameterDecorator {
  return (target, key, index) => {
    if (key !== undefined) registerRouteSchema((target as Record<string | symbol, object>)[key], part, schema);
    decorator(new ZodValidationPipe(schema, part))(target, key, index);
  };
}

const RequestHeaders = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<Request>().headers);
