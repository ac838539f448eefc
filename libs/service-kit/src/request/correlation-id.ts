import { randomUUID } from 'node:crypto';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is safe to log and echo (no spaces, no control characters), else a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED.test(header) ? header : randomUUID();
}
