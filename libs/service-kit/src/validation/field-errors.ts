import { z } from 'zod';
import { FieldError } from '../problems/problem-details';

/**
 * Messages for the two issues every caller meets, in words a client developer reads at a glance.
 * Used per parse, so a message a schema sets itself still wins.
 */
export const requestErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return `expected ${issue.expected}, got ${describeInput(issue.input)}`;
};

/** One entry per issue (per unknown key), its path joined with '.' after the part: `body.keyResults.0.target`. */
export function fieldErrorsOf(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: `${field}.${key}`, reason: 'is not a known field' }));
    }
    return [{ field, reason: issue.message }];
  });
}

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'not a number';
  return typeof input;
}
