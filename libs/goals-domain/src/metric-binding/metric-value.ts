import { MetricBinding, MetricWindow } from './metric-binding';
import { Contribution } from './metric-contribution';

/** The instants a value is read at; all optional: without them, everything recorded counts. */
export interface ValueInstants {
  /** Valid time: only occurrences at or before it count. */
  asOf?: string;
  /** Transaction time: only what was recorded by then. */
  knownAt?: string;
  /** The reader's present, when neither asOf nor knownAt is given. */
  now?: string;
}

export interface MetricReading {
  /** null when an aggregation of nothing has no meaning (last, average, min, max). */
  value: number | null;
  /** The records whose current version counted, oldest occurrence first: the value's lineage. */
  contributing: Contribution[];
}

/**
 * The value of a bound goal, bitemporally:
 * 1. "as known at K": per source record, the highest version recorded by K (later versions are unknown yet);
 * 2. a record whose version is a retraction contributes nothing;
 * 3. "as of T": the record counts only if that version's occurredAt ≤ T, so a version that moved
 *    its occurrence out of the window (or into it) is judged by where it is now, not by where an
 *    earlier version put it;
 * 4. it counts only if its occurredAt lies in the window, anchored (calendar month or quarter) at
 *    the instant read at: asOf, else knownAt, else now; with none, at the newest occurrence;
 * 5. the aggregation of those values.
 */
export function metricValue(binding: MetricBinding, contributions: Iterable<Contribution>, at: ValueInstants = {}): MetricReading {
  const known = latestVersionsKnownAt(contributions, at.knownAt);
  const readAt = at.asOf ?? at.knownAt ?? at.now;
  const cutoff = readAt === undefined ? Infinity : Date.parse(readAt);
  // Each instant is parsed once: a goal may hold tens of thousands of records, read on every dashboard.
  const live: Timed[] = [];
  for (const contribution of known) {
    if (contribution.operation !== 'upsert' || contribution.value === undefined) continue;
    const occurredAt = Date.parse(contribution.occurredAt);
    if (occurredAt <= cutoff) live.push({ contribution, occurredAt, recordedAt: Date.parse(contribution.recordedAt) });
  }
  const anchor = readAt ?? newestOccurrence(live);
  const range = anchor === undefined ? undefined : windowRange(binding.window, anchor);
  const contributing = live
    .filter((c) => !range || (c.occurredAt >= range.from && c.occurredAt < range.to))
    .sort((a, b) => a.occurredAt - b.occurredAt || a.recordedAt - b.recordedAt || a.contribution.sourceRecordKey.localeCompare(b.contribution.sourceRecordKey))
    .map((c) => c.contribution);
  return { value: aggregate(binding.aggregation, contributing.map((c) => c.value as number)), contributing };
}

interface Timed {
  contribution: Contribution;
  occurredAt: number;
  recordedAt: number;
}

function latestVersionsKnownAt(contributions: Iterable<Contribution>, knownAt: string | undefined): Contribution[] {
  const limit = knownAt === undefined ? Infinity : Date.parse(knownAt);
  const latest = new Map<string, Contribution>();
  for (const c of contributions) {
    if (limit !== Infinity && Date.parse(c.recordedAt) > limit) continue;
    const held = latest.get(c.sourceRecordKey);
    if (!held || c.recordVersion > held.recordVersion) latest.set(c.sourceRecordKey, c);
  }
  return [...latest.values()];
}

function newestOccurrence(live: Timed[]): string | undefined {
  let newest: Timed | undefined;
  for (const c of live) if (!newest || c.occurredAt > newest.occurredAt) newest = c;
  return newest?.contribution.occurredAt;
}

/** [from, to) in epoch milliseconds. Calendar periods are UTC. */
export function windowRange(window: MetricWindow, anchor: string): { from: number; to: number } {
  const at = new Date(anchor);
  switch (window.kind) {
    case 'cycle':
      return { from: Date.parse(window.from), to: Date.parse(window.to) };
    case 'calendar-month':
      return { from: Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1), to: Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) };
    case 'calendar-quarter': {
      const first = at.getUTCMonth() - (at.getUTCMonth() % 3);
      return { from: Date.UTC(at.getUTCFullYear(), first, 1), to: Date.UTC(at.getUTCFullYear(), first + 3, 1) };
    }
    case 'all-time':
      return { from: -Infinity, to: Infinity };
  }
}

function aggregate(aggregation: MetricBinding['aggregation'], values: number[]): number | null {
  switch (aggregation) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'count':
      return values.length;
    case 'last':
      // Contributions arrive sorted by occurrence: the last is the newest.
      return values.length ? values[values.length - 1] : null;
    case 'average':
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    case 'min':
      return values.length ? values.reduce((a, b) => Math.min(a, b)) : null;
    case 'max':
      return values.length ? values.reduce((a, b) => Math.max(a, b)) : null;
  }
}
