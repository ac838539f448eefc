const WIDTH = 30;

/**
 * One line of the rebuild's progress bar: share of the log done (by global position), the rate
 * of this run (events applied since it started: a resumed run does not count what it skipped) and time left.
 */
export function progressLine(done: number, total: number, appliedThisRun: number, elapsedMs: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  const rate = elapsedMs > 0 ? (appliedThisRun / elapsedMs) * 1000 : 0;
  const eta = rate > 0 ? Math.max(0, (total - done) / rate) : NaN;
  const count = (n: number) => n.toLocaleString('en-US');
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)} % ${count(done)}/${count(total)} events · ${count(Math.round(rate))} events/s · ETA ${duration(eta)}`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
