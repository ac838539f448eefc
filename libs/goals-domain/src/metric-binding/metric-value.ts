import { MetricBinding, MetricWindow } from './metric-binding';
import type { BoundMetric, Contribution } from './metric-contribution';

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
  return readingOf(binding, liveInOrder(contributions, at.knownAt), at);
}

/**
 * metricValue of a bound goal. Its records are put in order once per change of the goal and per
 * "known at": a goal read by every dashboard and every poll then costs a binary search and the
 * slice that counts, not a sort of its tens of thousands of records.
 */
export function boundMetricValue(bound: BoundMetric, at: ValueInstants = {}): MetricReading {
  let byKnownAt = ordered.get(bound.contributions);
  if (!byKnownAt) ordered.set(bound.contributions, (byKnownAt = new Map()));
  const key = at.knownAt ?? '';
  let live = byKnownAt.get(key);
  if (!live) {
    if (byKnownAt.size >= ORDERS_KEPT_PER_GOAL) byKnownAt.delete(byKnownAt.keys().next().value!);
    byKnownAt.set(key, (live = liveInOrder(Object.values(bound.contributions), at.knownAt)));
  }
  return readingOf(bound.binding, live, at);
}

/**
 * A goal's map of records was changed in place (only a batch fold does that, to its own copy):
 * what was put in order from it no longer holds.
 */
export function forgetOrderOf(contributions: BoundMetric['contributions']): void {
  ordered.delete(contributions);
}

/** Orders by map of records, then by "known at"; maps are replaced when they change, so they key well. */
const ordered = new WeakMap<object, Map<string, Timed[]>>();
const ORDERS_KEPT_PER_GOAL = 16;

interface Timed {
  contribution: Contribution;
  occurredAt: number;
  recordedAt: number;
}

/** Steps 1 and 2, then in order of occurrence (recording, then record key, break ties): each instant parsed once. */
function liveInOrder(contributions: Iterable<Contribution>, knownAt: string | undefined): Timed[] {
  const live: Timed[] = [];
  for (const contribution of latestVersionsKnownAt(contributions, knownAt)) {
    if (contribution.operation !== 'upsert' || contribution.value === undefined) continue;
    live.push({ contribution, occurredAt: Date.parse(contribution.occurredAt), recordedAt: Date.parse(contribution.recordedAt) });
  }
  return live.sort((a, b) => a.occurredAt - b.occurredAt || a.recordedAt - b.recordedAt || a.contribution.sourceRecordKey.localeCompare(b.contribution.sourceRecordKey));
}

/** Steps 3 to 5 on records in order of occurrence: the cut-off and the window are ranges of it. */
function readingOf(binding: MetricBinding, live: Timed[], at: ValueInstants): MetricReading {
  const readAt = at.asOf ?? at.knownAt ?? at.now;
  const cutoff = readAt === undefined ? Infinity : Date.parse(readAt);
  const upTo = Number.isNaN(cutoff) ? 0 : firstOccurringAfter(live, cutoff, 0, live.length);
  const anchor = readAt ?? (upTo > 0 ? live[upTo - 1].contribution.occurredAt : undefined);
  const range = anchor === undefined ? undefined : windowRange(binding.window, anchor);
  const from = range ? firstOccurringAfter(live, range.from - 1, 0, upTo) : 0;
  const to = range ? firstOccurringAfter(live, range.to - 1, from, upTo) : upTo;
  const contributing = live.slice(from, to).map((c) => c.contribution);
  return { value: aggregate(binding.aggregation, contributing.map((c) => c.value as number)), contributing };
}

/** The first index in [low, high) whose occurrence is after `instant` (high when none is). Instants are whole milliseconds. */
function firstOccurringAfter(live: Timed[], instant: number, low: number, high: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (live[middle].occurredAt > instant) high = middle;
    else low = middle + 1;
  }
  return low;
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
