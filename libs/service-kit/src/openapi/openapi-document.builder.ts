import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { Role } from '../auth/actor';
import { IS_PUBLIC } from '../auth/public.decorator';
import { REQUIRED_ROLES } from '../auth/roles.decorator';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem-details';
import { RequestPart } from '../validation/request-part';
import { API_ROUTE, ApiResponse, ApiRouteOptions } from './api-route.decorator';
import { JsonSchema, toJsonSchema } from './json-schema';
import { OpenApiInfo } from './openapi-info';
import { routeSchemasOf } from './route-schemas';

/** A handler of a controller, as discovery found it. */
export interface DiscoveredRoute {
  controllerClass: object;
  handler: object;
  methodName: string;
}

/** The application's global prefix and the routes it leaves out (setGlobalPrefix's `exclude`). */
export interface GlobalPrefix {
  prefix: string;
  isExcluded(path: string, method: RequestMethod): boolean;
}

const NO_PREFIX: GlobalPrefix = { prefix: '', isExcluded: () => true };

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.OPTIONS]: 'options',
  [RequestMethod.HEAD]: 'head',
};

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string', format: 'uri', examples: ['https://okr-platform.dev/problems/validation-failed'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    correlationId: { type: 'string', description: 'quote it when reporting the problem: it finds the logs of the request' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string', examples: ['body.keyResults.0.target'] }, reason: { type: 'string' } },
        required: ['field', 'reason'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'instance', 'correlationId'],
};

/** Builds the OpenAPI 3.1 document of the routes that carry @ApiRoute. */
export function buildOpenApiDocument(info: OpenApiInfo, routes: DiscoveredRoute[], globalPrefix: GlobalPrefix = NO_PREFIX): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const options: ApiRouteOptions | undefined = Reflect.getMetadata(API_ROUTE, route.handler);
    const requestMethod: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, route.handler);
    const method = requestMethod === undefined ? undefined : METHODS[requestMethod];
    if (!options || !method) continue;
    const routePaths = pathsOf(route).map((path) => (globalPrefix.isExcluded(path, requestMethod!) ? path : joinPath(globalPrefix.prefix, path)));
    routePaths.forEach((path, index) => {
      const operationId = (options.operationId ?? `${nameOf(route.controllerClass)}_${route.methodName}`) + (index ? `_${index + 1}` : '');
      const openApiPath = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      paths[openApiPath] = { ...paths[openApiPath], [method]: operationOf(route, options, requestMethod!, path, operationId) };
    });
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

function operationOf(route: DiscoveredRoute, options: ApiRouteOptions, requestMethod: RequestMethod, path: string, operationId: string) {
  const { controllerClass, handler } = route;
  const registered = routeSchemasOf(handler);
  const schemas: Partial<Record<RequestPart, z.ZodType>> = {
    body: options.body ?? registered.body,
    query: options.query ?? registered.query,
    params: options.params ?? registered.params,
    headers: options.headers ?? registered.headers,
  };
  const isPublic = !!(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controllerClass));
  const roles: Role[] | undefined = Reflect.getMetadata(REQUIRED_ROLES, handler) ?? Reflect.getMetadata(REQUIRED_ROLES, controllerClass);
  const description = [options.description, roles?.length ? `Needs the role ${roles.join(' or ')}.` : undefined].filter(Boolean).join('\n\n');

  const responses: Record<string, unknown> = {};
  const successStatus: number = Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (requestMethod === RequestMethod.POST ? 201 : 200);
  for (const [status, response] of Object.entries(options.responses ?? { [successStatus]: 'Success' })) {
    responses[status] = responseOf(Number(status), response);
  }
  const problem = (status: number, text: string) => (responses[status] ??= problemResponse(text));
  if (Object.values(schemas).some(Boolean)) problem(400, 'The request is not valid: `errors` names each field at fault');
  if (!isPublic) problem(401, 'No valid bearer token');
  if (roles?.length) problem(403, `The caller does not have the role ${roles.join(' or ')}`);
  responses.default = problemResponse('A problem (RFC 9457)');

  return {
    operationId,
    summary: options.summary,
    ...(description ? { description } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.deprecated ? { deprecated: true } : {}),
    parameters: [...pathParameters(path, schemas.params), ...parametersOf(schemas.query, 'query'), ...parametersOf(schemas.headers, 'header')],
    ...requestBodyOf(schemas.body, options.consumes),
    responses,
    ...(isPublic ? { security: [] } : {}),
  };
}

function responseOf(status: number, response: ApiResponse) {
  const isProblem = status >= 400;
  if (typeof response === 'string') return isProblem ? problemResponse(response) : { description: response };
  if (response instanceof z.ZodType) return { description: isProblem ? 'A problem' : 'Success', content: { 'application/json': { schema: toJsonSchema(response, 'output') } } };
  const { description, schema, contentType = 'application/json' } = response;
  // An error status without a schema of its own answers a problem.
  if (!schema) return isProblem ? problemResponse(description) : { description };
  return { description, content: { [contentType]: { schema: toJsonSchema(schema, 'output') } } };
}

function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } } };
}

function requestBodyOf(body: z.ZodType | undefined, consumes: string | undefined) {
  if (!body && !consumes) return {};
  return {
    requestBody: {
      required: body ? !body.safeParse(undefined).success : true,
      content: { [consumes ?? 'application/json']: { schema: body ? toJsonSchema(body, 'input') : { type: 'string' } } },
    },
  };
}

/** Every parameter of the path template is declared (OpenAPI requires it), described by the params schema when there is one. */
function pathParameters(path: string, schema: z.ZodType | undefined) {
  const described = parametersOf(schema, 'path');
  const names = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]);
  return names.map((name) => described.find((parameter) => parameter.name === name) ?? { name, in: 'path', required: true, schema: { type: 'string' } });
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query' | 'header') {
  if (!schema) return [];
  const object = toJsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function pathsOf({ controllerClass, handler }: DiscoveredRoute): string[] {
  const controllerPaths: string[] = [Reflect.getMetadata(PATH_METADATA, controllerClass) ?? '/'].flat();
  const handlerPaths: string[] = [Reflect.getMetadata(PATH_METADATA, handler) ?? '/'].flat();
  return controllerPaths.flatMap((controllerPath) => handlerPaths.map((handlerPath) => joinPath(controllerPath, handlerPath)));
}

function joinPath(...parts: string[]): string {
  const path = parts.map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return `/${path}`;
}

function nameOf(controllerClass: object): string {
  return ((controllerClass as { name?: string }).name ?? 'Controller').replace(/Controller$/, '') || 'Controller';
}
