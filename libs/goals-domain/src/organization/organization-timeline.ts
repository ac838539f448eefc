import { EventTimes } from '../shared/decider';
import { carryPrefixes, keepPrefix, nearestPrefix } from './organization-prefixes';
import { applyChangeInPlace, copyOrganization, emptyOrganization, MembershipIndex } from './organization-snapshot';
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

/** The instants an organisation is read at, in epoch milliseconds; absent: no limit. */
export interface OrganizationInstants {
  /** Valid time: changes effective later are not yet true. */
  asOf?: number;
  /** Transaction time: changes recorded later are not yet known. */
  knownAt?: number;
}

/**
 * The organisation's decider state: every change in valid-time order (ties in the order they were
 * recorded), so it can be read as of any instant and as known at any instant: a company that
 * starts today can set up last quarter. `current` is the organisation after every change (now, as
 * known now), which most commands and reads need.
 *
 * Immutable to its readers, but cheap to extend: timelines appended one after another share one
 * log, each owning its first `count` entries (a timeline appended from an older one copies the log
 * first), and organisations are folded only when read, in place on one copy of the nearest kept
 * prefix. Folding a stream is linear; once handed out, an organisation is never changed.
 */
export class OrganizationTimeline {
  private slice?: readonly OrganizationChange[];
  private folded?: OrganizationState;

  private constructor(
    private readonly log: OrganizationChange[],
    private readonly count: number,
    /** The latest recorded instant among its changes, -Infinity for none. */
    readonly latestRecorded: number,
  ) {}

  static empty(): OrganizationTimeline {
    return new OrganizationTimeline([], 0, -Infinity);
  }

  /** In valid-time order. The newest timeline of a log hands out the log itself: it may grow when the timeline is extended. */
  get changes(): readonly OrganizationChange[] {
    if (this.log.length === this.count) return this.log;
    return (this.slice ??= this.log.slice(0, this.count));
  }

  get current(): OrganizationState {
    return (this.folded ??= this.fold(this.count));
  }

  /** A snapshot holds the changes only: the organisations are derived from them. */
  toJSON(): { changes: readonly OrganizationChange[] } {
    return { changes: this.changes };
  }

  /** The timeline with one more change, in its place in valid time (after changes effective at the same instant). */
  withChange(event: OrganizationEvent, times: EventTimes): OrganizationTimeline {
    const change = changeOf(event, times);
    const at = changesUpTo(this.log, change.effective, this.count);
    // Appended to the newest timeline of its log, the log is shared; otherwise it is copied, keeping the prefixes before the change.
    const shared = at === this.count && this.log.length === this.count;
    const log = shared ? this.log : inserted(this.log, this.count, at, change);
    if (shared) log.push(change);
    else carryPrefixes(this.log, log, at);
    // Keeps this timeline's organisation as the prefix the next read copies, however many reads came since.
    if (this.folded && at === this.count) keepPrefix(log, this.count, this.folded);
    return new OrganizationTimeline(log, this.count + 1, Math.max(this.latestRecorded, change.recorded));
  }

  /** How many of the changes are effective at or before `instant`. */
  countUpTo(instant: number): number {
    return changesUpTo(this.log, instant, this.count);
  }

  /** The organisation after the first `count` changes (never changed once returned). */
  stateAfter(count: number): OrganizationState {
    return count === this.count ? this.current : this.fold(count);
  }

  /** Folded in place on one copy of the nearest kept prefix, and kept. */
  private fold(count: number): OrganizationState {
    const nearest = nearestPrefix(this.log, count);
    if (nearest?.count === count) return nearest.state;
    const state = nearest ? copyOrganization(nearest.state) : emptyOrganization();
    applyChanges(state, this.log, nearest?.count ?? 0, count);
    keepPrefix(this.log, count, state);
    return state;
  }
}

export function emptyTimeline(): OrganizationTimeline {
  return OrganizationTimeline.empty();
}

/** The timeline with one more change, in its place in valid time (after changes effective at the same instant). */
export function withChange(timeline: OrganizationTimeline, event: OrganizationEvent, times: EventTimes): OrganizationTimeline {
  return timeline.withChange(event, times);
}

/** A timeline from its snapshot (`toJSON`), its changes already in valid-time order. */
export function timelineFromSnapshot(stored: unknown): OrganizationTimeline {
  const { changes } = stored as { changes: readonly (EventTimes & { event: OrganizationEvent })[] };
  return changes.reduce((timeline, change) => timeline.withChange(change.event, change), emptyTimeline());
}

/** The effective time of the last change, -Infinity for an empty organisation. */
export function latestEffective(timeline: OrganizationTimeline): number {
  const { changes } = timeline;
  return changes.length ? changes[changes.length - 1].effective : -Infinity;
}

/**
 * The organisation as it was at `asOf`, as far as was known at `knownAt`: the changes recorded by
 * then, folded in valid-time order up to then. As known now, it is a prefix of the timeline, kept
 * and folded from the nearest one; as known earlier, the known changes are folded afresh.
 */
export function organizationAt(timeline: OrganizationTimeline, at: OrganizationInstants = {}): OrganizationState {
  const asOf = at.asOf ?? Infinity;
  const knownAt = at.knownAt ?? Infinity;
  if (knownAt >= timeline.latestRecorded) return timeline.stateAfter(timeline.countUpTo(asOf));
  const known = knownChanges(timeline, knownAt);
  const state = emptyOrganization();
  applyChanges(state, known, 0, changesUpTo(known, asOf, known.length));
  return state;
}

/** The changes recorded by `knownAt`, still in valid-time order. */
export function knownChanges(timeline: OrganizationTimeline, knownAt: number = Infinity): readonly OrganizationChange[] {
  if (knownAt >= timeline.latestRecorded) return timeline.changes;
  return timeline.changes.filter((change) => change.recorded <= knownAt);
}

function changeOf(event: OrganizationEvent, { effectiveAt, recordedAt }: EventTimes): OrganizationChange {
  return { event: { type: event.type, data: event.data } as OrganizationEvent, effectiveAt, recordedAt, effective: Date.parse(effectiveAt), recorded: Date.parse(recordedAt) };
}

/** How many of the first `count` changes (in valid-time order) are effective at or before `instant`. */
function changesUpTo(changes: readonly OrganizationChange[], instant: number, count: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (changes[middle].effective <= instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first `count` changes with `change` at `at`: one copy, allocated at its size (a splice would copy twice). */
function inserted(changes: readonly OrganizationChange[], count: number, at: number, change: OrganizationChange): OrganizationChange[] {
  const log = new Array<OrganizationChange>(count + 1);
  for (let i = 0; i < at; i++) log[i] = changes[i];
  log[at] = change;
  for (let i = at; i < count; i++) log[i + 1] = changes[i];
  return log;
}

function applyChanges(state: OrganizationState, changes: readonly OrganizationChange[], from: number, to: number): void {
  const index: MembershipIndex = new Map();
  for (let i = from; i < to; i++) applyChangeInPlace(state, changes[i].event, index);
}
