import { z } from 'zod';

/**
 * Reads settings from the environment with a zod schema. On failure the message names every bad
 * variable and why, so a service refuses to start with an answer instead of a stack trace.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const given = issue.path.length ? cleaned[String(issue.path[0])] : undefined;
    return `  ${variable}: ${issue.message}${given !== undefined ? ` (got "${given}")` : ''}`;
  });
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
