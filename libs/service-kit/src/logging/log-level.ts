export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The configured level (LOG_LEVEL by default), refused with a clear message rather than by pino at the first log line. */
export function logLevelOf(level: string | undefined = process.env.LOG_LEVEL): LogLevel {
  const chosen = level || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(chosen)) {
    throw new Error(`Invalid configuration:\n  LOG_LEVEL: expected one of ${LOG_LEVELS.join('|')}, got "${chosen}" (e.g. LOG_LEVEL=info)`);
  }
  return chosen as LogLevel;
}
