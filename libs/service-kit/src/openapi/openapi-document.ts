import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { IS_PUBLIC } from '../auth/public.decorator';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem-details';
import { API_ROUTE, ApiRouteOptions } from './api-route.decorator';
import { routeSchemasOf } from './route-schemas';

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

type JsonSchema = Record<string, unknown>;

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    correlationId: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } } },
  },
  required: ['type', 'title', 'status'],
};

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query' | 'header') {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

/** One route of a controller, as the discovery found it. */
export interface DiscoveredRoute {
  controller: object;
  controllerClass: object;
  handler: object;
}

/** Builds an OpenAPI 3.1 document from the routes that carry @ApiRoute. */
export function buildOpenApiDocument(info: OpenApiInfo, routes: DiscoveredRoute[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { controllerClass, handler } of routes) {
    const options: ApiRouteOptions | undefined = Reflect.getMetadata(API_ROUTE, handler);
    if (!options) continue;
    const prefix = [Reflect.getMetadata(PATH_METADATA, controllerClass)].flat()[0] ?? '';
    const suffix = [Reflect.getMetadata(PATH_METADATA, handler)].flat()[0] ?? '';
    const path = `/${[prefix, suffix].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
    const schemas = routeSchemasOf(handler);
    const isPublic = Reflect.getMetadata(IS_PUBLIC, handler) || Reflect.getMetadata(IS_PUBLIC, controllerClass);
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(options.responses)) {
      const { description, schema } = typeof response === 'string' ? { description: response, schema: undefined } : response;
      responses[status] = { description, ...(schema ? { content: { 'application/json': { schema: jsonSchema(schema) } } } : {}) };
    }
    responses.default = { description: 'A problem (RFC 9457)', content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } };
    paths[path] = {
      ...paths[path],
      [method]: {
        summary: options.summary,
        ...(options.description ? { description: options.description } : {}),
        ...(options.tags ? { tags: options.tags } : {}),
        parameters: [...parametersOf(schemas.params, 'path'), ...parametersOf(schemas.query, 'query'), ...parametersOf(schemas.headers, 'header')],
        ...(schemas.body || options.consumes
          ? {
              requestBody: {
                required: true,
                content: { [options.consumes ?? 'application/json']: { schema: schemas.body ? jsonSchema(schemas.body) : { type: 'string' } } },
              },
            }
          : {}),
        responses,
        ...(isPublic ? { security: [] } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: problemSchema },
    },
    security: [{ bearer: [] }],
  };
}
