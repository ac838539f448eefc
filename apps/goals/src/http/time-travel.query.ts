import { timeTravelQuerySchema } from '@okr/service-kit';
import type { Response } from 'express';
import { z } from 'zod';

export const timeTravelQuery = timeTravelQuerySchema;
export type TimeTravelQuery = z.infer<typeof timeTravelQuery>;

/** Present-time answers carry the version as ETag, for If-Match on the next command. */
export function withVersion<T extends object>(response: Response, at: TimeTravelQuery, id: string, read: { version: number }, body: T) {
  if (!at.asOf && !at.knownAt) response.setHeader('ETag', `"${read.version}"`);
  return { id, version: read.version, ...(at.asOf ? { asOf: at.asOf } : {}), ...(at.knownAt ? { knownAt: at.knownAt } : {}), ...body };
}
