import { cpus, totalmem } from 'node:os';

/** The machine a benchmark ran on, for the results table. */
export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function rate(count: number, milliseconds: number): number {
  return Math.round((count / milliseconds) * 1000);
}

export async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
