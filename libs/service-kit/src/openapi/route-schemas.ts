import { z } from 'zod';

const ROUTE_SCHEMAS = Symbol('ROUTE_SCHEMAS');

export type RouteSchemas = Partial<Record<'body' | 'query' | 'params' | 'headers', z.ZodType>>;

/** Remembers the schemas a route validates with, so the OpenAPI document describes exactly them. */
export function registerRouteSchema(target: object, key: string | symbol | undefined, part: keyof RouteSchemas, schema: z.ZodType): void {
  if (key === undefined) return;
  const method = (target as Record<string | symbol, object>)[key];
  const schemas: RouteSchemas = Reflect.getMetadata(ROUTE_SCHEMAS, method) ?? {};
  Reflect.defineMetadata(ROUTE_SCHEMAS, { ...schemas, [part]: schema }, method);
}

export function routeSchemasOf(method: object): RouteSchemas {
  return Reflect.getMetadata(ROUTE_SCHEMAS, method) ?? {};
}
