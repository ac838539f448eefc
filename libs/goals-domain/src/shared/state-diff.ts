export interface StateChange {
  /** Dotted path into the state, e.g. keyResults.arr.latestCheckIn.value */
  path: string;
  from?: unknown;
  to?: unknown;
}

/** What an event changed: the leaves that differ between the state before and after it. */
export function diffStates(before: unknown, after: unknown, path = ''): StateChange[] {
  if (Object.is(before, after)) return [];
  const bothObjects = isContainer(before) && isContainer(after) && Array.isArray(before) === Array.isArray(after);
  if (!bothObjects) return [{ path, ...(before === undefined ? {} : { from: before }), ...(after === undefined ? {} : { to: after }) }];
  const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
  return [...keys].flatMap((key) =>
    diffStates((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
  );
}

function isContainer(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
