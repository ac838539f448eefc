import { SetMetadata } from '@nestjs/common';
import { z } from 'zod';

export const API_ROUTE = Symbol('API_ROUTE');

/** A response: its description, a schema of the JSON answered, or both (and another content type). */
export type ApiResponse = string | z.ZodType | { description: string; schema?: z.ZodType; contentType?: string };

export interface ApiRouteOptions {
  summary: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  deprecated?: boolean;
  /**
   * Inputs, for routes that do not validate with @ValidBody & co (which register theirs): a route
   * declares each schema once, in one place or the other.
   */
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  headers?: z.ZodType;
  /** A body that is not JSON, e.g. 'text/csv' (documented as a string unless `body` says more). */
  consumes?: string;
  /**
   * Status -> response; defaults to the route's success status. An error status given as a
   * description is a problem (application/problem+json); 400, 401 and 403 are added where they apply.
   */
  responses?: Record<number, ApiResponse>;
}

/** Puts a route in the OpenAPI document; a route without it is served but not documented. */
export const ApiRoute = (options: ApiRouteOptions) => SetMetadata(API_ROUTE, options);
