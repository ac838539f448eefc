import { z } from 'zod';
import { RequestPart } from '../validation/request-part';

const ROUTE_SCHEMAS = Symbol('ROUTE_SCHEMAS');

export type RouteSchemas = Partial<Record<RequestPart, z.ZodType>>;

/** Remembers the schemas a route validates with, so the OpenAPI document describes exactly them. */
export function registerRouteSchema(handler: object, part: RequestPart, schema: z.ZodType): void {
  const schemas: RouteSchemas = Reflect.getMetadata(ROUTE_SCHEMAS, handler) ?? {};
  Reflect.defineMetadata(ROUTE_SCHEMAS, { ...schemas, [part]: schema }, handler);
}

export function routeSchemasOf(handler: object): RouteSchemas {
  return Reflect.getMetadata(ROUTE_SCHEMAS, handler) ?? {};
}
