import { HealthCheck } from './health-check';

export type CheckResult = { status: 'ok' } | { status: 'down'; reason: string };

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
}

/** Runs the checks side by side, each bounded by the timeout, so one hung dependency cannot hang the probe. */
export async function runHealthChecks(checks: HealthCheck[], timeoutMs: number): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }): Promise<[string, CheckResult]> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, { status: 'ok' }];
      } catch (error) {
        return [name, { status: 'down', reason: error instanceof Error ? error.message : String(error) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { status: results.every(([, result]) => result.status === 'ok') ? 'ok' : 'unavailable', checks: Object.fromEntries(results) };
}
