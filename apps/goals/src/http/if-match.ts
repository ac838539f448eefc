import { z } from 'zod';

/** `If-Match: "7"` makes a command conditional on the aggregate still being at version 7 (409 otherwise). */
export const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d{1,9}"?$/, 'must be the ETag of the version you last read, e.g. "7"')
    .transform((value) => Number(value.replace(/\D/g, '')))
    .optional(),
});

export type IfMatchHeaders = z.infer<typeof ifMatchHeaders>;
