/**
 * How reporting recognises the streams goals writes (one per aggregate, see goals' goal-streams):
 * the prefix of the stream id names the aggregate. Streams of any other kind are not reported on.
 */
export type GoalStreamKind = 'organization' | 'cycle' | 'objective' | 'kpi' | 'target';

const PREFIXES: [string, GoalStreamKind][] = [
  ['cycle-', 'cycle'],
  ['objective-', 'objective'],
  ['kpi-', 'kpi'],
  ['target-', 'target'],
];

export function streamKindOf(streamId: string): GoalStreamKind | null {
  if (streamId === 'organization') return 'organization';
  for (const [prefix, kind] of PREFIXES) if (streamId.startsWith(prefix)) return kind;
  return null;
}

/** The aggregate's id inside its stream id (`objective-win-emea` → `win-emea`). */
export function aggregateIdOf(streamId: string, kind: GoalStreamKind): string {
  return kind === 'organization' ? streamId : streamId.slice(kind.length + 1);
}

export const goalStreamOf = (kind: Exclude<GoalStreamKind, 'organization'>, id: string) => `${kind}-${id}`;

/**
 * Check-ins and their amendments carry a goal's value: they go to the value series (see
 * ValueSeries), everything else is folded with the domain's evolve. The series key tells the key
 * results of one objective apart; KPIs and targets have one series.
 */
const CHECK_IN_TYPES: Record<string, GoalStreamKind> = {
  KeyResultCheckInRecorded: 'objective',
  KeyResultCheckInAmended: 'objective',
  KpiCheckInRecorded: 'kpi',
  TargetCheckInRecorded: 'target',
  TargetCheckInAmended: 'target',
};

export const SINGLE_SERIES = '';

export function seriesKeyOf(type: string, data: Record<string, unknown>): string | null {
  const kind = CHECK_IN_TYPES[type];
  if (!kind) return null;
  return kind === 'objective' ? String(data.keyResultId) : SINGLE_SERIES;
}
