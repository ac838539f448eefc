import { Confidence, DomainEvent, TimedEvent } from '@okr/goals-domain';
import { INTEGRATION_SUBJECT_PREFIX } from '@okr/service-kit';
import { Instant, isVisibleAt } from './instant';
import { StoredGoalEvent } from './stored-goal-event';
import { seriesKeyOf } from './goal-stream';
import { ValueSeries } from './value-series';

interface StructuralEvent {
  streamVersion: number;
  effectiveAt: number;
  recordedAt: number;
  event: TimedEvent<DomainEvent>;
}

export interface Evolving<S> {
  evolve(state: S, event: TimedEvent<never>): S;
  initialState(): S;
}

/** A folded state with, for each key result, the stream version of the KeyResultAdded that holds. */
export interface FoldedAt<S> {
  state: S;
  addedVersions: Map<string, number>;
}

/**
 * One aggregate's history: its structural events (definitions, weights, revisions...) in stream
 * order, folded with the domain's own evolve at any instant, and its values in ValueSeries.
 */
export class AggregateHistory {
  private readonly structural: StructuralEvent[] = [];
  private readonly series = new Map<string, ValueSeries>();
  /** Folds of the whole structural history are cached: "now" is the most frequent instant. */
  private latestFold?: { count: number; folded: FoldedAt<unknown> };
  /**
   * The last fold of a part of the history: a dashboard at a past instant reads thousands of
   * aggregates whose few structural events were visible the same way at the instant before.
   */
  private partialFold?: { decider: Evolving<unknown>; visible: StructuralEvent[]; folded: FoldedAt<unknown> };
  /** The latest instants among the structural events, so whether all are visible is known without looking at each. */
  private latestEffectiveAt = -Infinity;
  private latestRecordedAt = -Infinity;

  /** False when the event was already held (redelivered). */
  add(event: StoredGoalEvent): boolean {
    // A redelivered event is recognised where it would go (its series, or its place in stream order): no set of every version held.
    const effectiveAt = Date.parse(event.effectiveAt);
    const recordedAt = Date.parse(event.recordedAt);
    const key = seriesKeyOf(event.type, event.data);
    if (key !== null) {
      let series = this.series.get(key);
      if (!series) this.series.set(key, (series = new ValueSeries()));
      const { value, confidence } = event.data as { value: number; confidence: Confidence };
      return series.add({ effectiveAt, effectiveAtText: event.effectiveAt, recordedAt, value, confidence, streamVersion: event.streamVersion, ingested: event.actor.startsWith(INTEGRATION_SUBJECT_PREFIX) });
    }
    let at = this.structural.length;
    while (at > 0 && this.structural[at - 1].streamVersion > event.streamVersion) at--;
    if (at > 0 && this.structural[at - 1].streamVersion === event.streamVersion) return false;
    const structural: StructuralEvent = {
      streamVersion: event.streamVersion,
      effectiveAt,
      recordedAt,
      event: { type: event.type, data: event.data, metadata: { effectiveAt: event.effectiveAt, recordedAt: event.recordedAt } },
    };
    this.structural.splice(at, 0, structural);
    this.latestEffectiveAt = Math.max(this.latestEffectiveAt, effectiveAt);
    this.latestRecordedAt = Math.max(this.latestRecordedAt, recordedAt);
    if (at < this.structural.length - 1) this.latestFold = undefined;
    this.partialFold = undefined;
    return true;
  }

  /** The structural state at the instant, folded exactly as goals folds a time-filtered stream. */
  foldAt<S>(decider: Evolving<S>, at: Instant): FoldedAt<S> {
    const whole = this.latestEffectiveAt <= at.asOf && this.latestRecordedAt <= at.knownAt;
    if (whole) {
      // Events only ever arrive at the end while the cache holds, so "now" folds just what is new since.
      const cached = this.latestFold as { count: number; folded: FoldedAt<S> } | undefined;
      const folded = cached ? foldOnto(decider, cached.folded, this.structural.slice(cached.count)) : foldOnto(decider, undefined, this.structural);
      this.latestFold = { count: this.structural.length, folded };
      return folded;
    }
    const visible = this.structural.filter((e) => isVisibleAt(at, e.effectiveAt, e.recordedAt));
    const last = this.partialFold;
    if (last && last.decider === decider && sameEvents(last.visible, visible)) return last.folded as FoldedAt<S>;
    const folded = foldOnto(decider, undefined, visible);
    this.partialFold = { decider: decider as Evolving<unknown>, visible, folded };
    return folded;
  }

  /** The structural events themselves, in stream order (the organisation's are folded with a cache of their own). */
  structuralEvents(): readonly StructuralEvent[] {
    return this.structural;
  }

  seriesOf(key: string): ValueSeries | undefined {
    return this.series.get(key);
  }
}

function sameEvents(a: readonly StructuralEvent[], b: readonly StructuralEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `events` folded onto a fold (or the initial state); `from` itself is left as it was. */
function foldOnto<S>(decider: Evolving<S>, from: FoldedAt<S> | undefined, events: StructuralEvent[]): FoldedAt<S> {
  if (from && events.length === 0) return from;
  const addedVersions = new Map(from?.addedVersions);
  for (const { event, streamVersion } of events) {
    if (event.type === 'KeyResultAdded') addedVersions.set(String((event.data as { keyResultId: string }).keyResultId), streamVersion);
  }
  const state = events.reduce((folded, { event }) => decider.evolve(folded, event as TimedEvent<never>), from?.state ?? decider.initialState());
  return { state, addedVersions };
}
