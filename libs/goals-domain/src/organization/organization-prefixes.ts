import { OrganizationState } from './organization.state';

/** A change log is only ever extended by push, so every timeline sharing it agrees on its prefixes. */
type ChangeLog = readonly unknown[];

/**
 * The organisation after a log's first `count` changes, kept per log (at most PREFIXES_KEPT, least
 * recently used dropped first), so a read starts from the nearest one instead of the first change.
 * A kept state has been handed to readers: it is never changed, only copied.
 */
const prefixes = new WeakMap<ChangeLog, Map<number, OrganizationState>>();
const PREFIXES_KEPT = 64;

/** The longest kept prefix of at most `count` changes. */
export function nearestPrefix(log: ChangeLog, count: number): { count: number; state: OrganizationState } | undefined {
  const kept = prefixes.get(log);
  if (!kept) return undefined;
  const exact = kept.get(count);
  if (exact) {
    keepPrefix(log, count, exact);
    return { count, state: exact };
  }
  let longest = -1;
  for (const length of kept.keys()) if (length < count && length > longest) longest = length;
  return longest < 0 ? undefined : { count: longest, state: kept.get(longest)! };
}

export function keepPrefix(log: ChangeLog, count: number, state: OrganizationState): void {
  let kept = prefixes.get(log);
  if (!kept) prefixes.set(log, (kept = new Map()));
  kept.delete(count);
  if (kept.size >= PREFIXES_KEPT) kept.delete(kept.keys().next().value!);
  kept.set(count, state);
}

/** A new log that begins with the same `upTo` changes as `from` starts with its prefixes. */
export function carryPrefixes(from: ChangeLog, to: ChangeLog, upTo: number): void {
  for (const [count, state] of prefixes.get(from) ?? []) if (count <= upTo) keepPrefix(to, count, state);
}
