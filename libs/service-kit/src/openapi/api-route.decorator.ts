import { SetMetadata } from '@nestjs/common';
import { z } from 'zod';

export const API_ROUTE = Symbol('API_ROUTE');

export interface ApiRouteOptions {
  summary: string;
  description?: string;
  tags?: string[];
  /** Status -> a description, optionally with the schema of the JSON answered. */
  responses: Record<number, string | { description: string; schema?: z.ZodType }>;
  /** A body that is not JSON, e.g. 'text/csv'. */
  consumes?: string;
}

/** Documents a route in the OpenAPI document; its validated inputs are documented by @ValidBody & co. */
export const ApiRoute = (options: ApiRouteOptions) => SetMetadata(API_ROUTE, options);
