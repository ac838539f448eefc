import { EventTimes } from '../shared/decider';
import { applyOrganizationChange, emptyOrganization } from './organization-snapshot';
import { OrganizationEvent } from './organization.events';
import { OrganizationState } from './organization.state';

/** One recorded change of the organisation with both its times. */
export interface OrganizationChange {
  event: OrganizationEvent;
  effectiveAt: string;
  recordedAt: string;
  /** The same instants in epoch milliseconds, parsed once. */
  effective: number;
  recorded: number;
}

/**
 * The organisation's decider state: every change in valid-time order (ties in the order they were
 * recorded), so it can be read as of any instant and as known at any instant: a company that
 * starts today can set up last quarter. `current` is the organisation after every change (now, as
 * known now), which most commands and reads need.
 */
export interface OrganizationTimeline {
  changes: readonly OrganizationChange[];
  current: OrganizationState;
}

/** The instants an organisation is read at, in epoch milliseconds; absent: no limit. */
export interface OrganizationInstants {
  /** Valid time: changes effective later are not yet true. */
  asOf?: number;
  /** Transaction time: changes recorded later are not yet known. */
  knownAt?: number;
}

export function emptyTimeline(): OrganizationTimeline {
  return { changes: [], current: emptyOrganization() };
}

/** The timeline with one more change, in its place in valid time (after changes effective at the same instant). */
export function withChange(timeline: OrganizationTimeline, event: OrganizationEvent, times: EventTimes): OrganizationTimeline {
  const { effectiveAt, recordedAt } = times;
  const change: OrganizationChange = { event: { type: event.type, data: event.data } as OrganizationEvent, effectiveAt, recordedAt, effective: Date.parse(effectiveAt), recorded: Date.parse(recordedAt) };
  const at = changesUpTo(timeline.changes, change.effective);
  const changes = [...timeline.changes.slice(0, at), change, ...timeline.changes.slice(at)];
  const appended = at === timeline.changes.length;
  return { changes, current: appended ? applyOrganizationChange(timeline.current, event) : foldChanges(changes, changes.length) };
}

/** The effective time of the last change, -Infinity for an empty organisation. */
export function latestEffective(timeline: OrganizationTimeline): number {
  return timeline.changes.length ? timeline.changes[timeline.changes.length - 1].effective : -Infinity;
}

/**
 * The organisation as it was at `asOf`, as far as was known at `knownAt`: the changes recorded by
 * then, folded in valid-time order up to then. Answers are kept per timeline (it never changes),
 * and each fold starts from the longest one already made.
 */
export function organizationAt(timeline: OrganizationTimeline, at: OrganizationInstants = {}): OrganizationState {
  const asOf = at.asOf ?? Infinity;
  const knownAt = at.knownAt ?? Infinity;
  if (knownAt >= latestRecorded(timeline)) {
    const count = changesUpTo(timeline.changes, asOf);
    return count === timeline.changes.length ? timeline.current : prefixFold(timeline, count);
  }
  const known = knownChanges(timeline, knownAt);
  return foldChanges(known, changesUpTo(known, asOf));
}

/** The changes recorded by `knownAt`, still in valid-time order. */
export function knownChanges(timeline: OrganizationTimeline, knownAt: number = Infinity): readonly OrganizationChange[] {
  if (knownAt >= latestRecorded(timeline)) return timeline.changes;
  return timeline.changes.filter((change) => change.recorded <= knownAt);
}

/** How many of the changes (in valid-time order) are effective at or before `instant`. */
function changesUpTo(changes: readonly OrganizationChange[], instant: number): number {
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (changes[middle].effective <= instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

function foldChanges(changes: readonly OrganizationChange[], count: number, from = emptyOrganization(), start = 0): OrganizationState {
  let state = from;
  for (let i = start; i < count; i++) state = applyOrganizationChange(state, changes[i].event);
  return state;
}

const prefixes = new WeakMap<OrganizationTimeline, Map<number, OrganizationState>>();
const recordedUpTo = new WeakMap<OrganizationTimeline, number>();
const PREFIXES_KEPT = 64;

function prefixFold(timeline: OrganizationTimeline, count: number): OrganizationState {
  let folded = prefixes.get(timeline);
  if (!folded) prefixes.set(timeline, (folded = new Map()));
  const held = folded.get(count);
  if (held) return held;
  let start = 0;
  for (const length of folded.keys()) if (length < count && length > start) start = length;
  const state = foldChanges(timeline.changes, count, start ? folded.get(start) : undefined, start);
  if (folded.size >= PREFIXES_KEPT) folded.delete(folded.keys().next().value!);
  folded.set(count, state);
  return state;
}

function latestRecorded(timeline: OrganizationTimeline): number {
  let latest = recordedUpTo.get(timeline);
  if (latest === undefined) {
    latest = -Infinity;
    for (const change of timeline.changes) if (change.recorded > latest) latest = change.recorded;
    recordedUpTo.set(timeline, latest);
  }
  return latest;
}
