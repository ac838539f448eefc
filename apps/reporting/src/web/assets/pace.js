/**
 * Progress read against time: by a share of the cycle elapsed, that share of the way is expected.
 * A figure at or past the expected pace is on pace; within 20 points of it, behind; further back,
 * far behind. The page colours bars by this, never by fixed thresholds, and says so in its legend.
 */
const DAY = 86_400_000;

/** The share of the cycle elapsed at `asOf` (0 before it starts, 1 from its last day's end). */
export function elapsedShare(cycle, asOf) {
  const start = Date.parse(`${cycle.startsOn}T00:00:00Z`);
  const end = Date.parse(`${cycle.endsOn}T00:00:00Z`) + DAY;
  return Math.max(0, Math.min(1, (Date.parse(asOf) - start) / (end - start)));
}

export const PACE_LABELS = { 'on-pace': 'on pace', behind: 'behind pace', 'far-behind': 'far behind pace', 'no-value': 'no value yet' };

export function paceOf(progress, expected) {
  if (progress === null || progress === undefined) return 'no-value';
  if (progress >= expected) return 'on-pace';
  return progress >= expected - 0.2 ? 'behind' : 'far-behind';
}

/** "12 points ahead of the expected 45 %", "8 points behind …" */
export function paceSentence(progress, expected) {
  if (progress === null || progress === undefined) return 'no value yet';
  const points = Math.round((progress - expected) * 100);
  const expectedText = `the expected ${Math.round(expected * 100)} %`;
  if (points === 0) return `at ${expectedText}`;
  return `${Math.abs(points)} points ${points > 0 ? 'ahead of' : 'behind'} ${expectedText}`;
}
