import {
  CheckIn,
  cycleDecider,
  CycleState,
  holdingCheckIn,
  individualTargetDecider,
  IndividualTargetState,
  KeyResult,
  kpiDecider,
  KpiState,
  objectiveDecider,
  ObjectiveState,
  organizationDecider,
  OrganizationState,
  OrganizationTimeline,
  ValuedGoal,
} from '@okr/goals-domain';
import { AggregateHistory, Evolving } from './aggregate-history';
import { ObjectiveReader, ObjectiveReading } from './objective-reader';
import { aggregateIdOf, GoalStreamKind, goalStreamOf, SINGLE_SERIES, streamKindOf } from './goal-stream';
import { Instant } from './instant';
import { pastOrganization } from './past-organization';
import { SharedBindings } from './shared-bindings';
import { StoredGoalEvent } from './stored-goal-event';
import { ValueSeries } from './value-series';

/** How a number came to be: typed in, arrived from another system, or computed from others. */
export type ValueSource = 'manual' | 'ingested' | 'rolled-up';

export interface ObjectiveAt {
  state: ObjectiveState;
  /** Per key result: where its holding value came from (null: no value yet). */
  sources: Record<string, ValueSource | null>;
}

export interface ValuedAt<S> {
  state: S;
  source: ValueSource | null;
}

type Index = Map<string, Map<string, Set<string>>>;

/**
 * Every goal's history in memory, built from the stored goal events (on start, and as events
 * arrive), answering any goal's state at any (asOf, knownAt) without reading the log again.
 */
export class GoalHistories {
  private readonly streams = new Map<string, AggregateHistory>();
  /** cycle → owning unit → objective ids; unit → KPI ids; cycle → unit → target ids. */
  private readonly objectivesByCycle: Index = new Map();
  private readonly kpisByUnit = new Map<string, Set<string>>();
  private readonly targetsByCycle: Index = new Map();
  private readonly objectiveReader = new ObjectiveReader();
  /** The objectives' histories by objective id too: a dashboard looks thousands up per query. */
  private readonly objectiveHistories = new Map<string, AggregateHistory>();
  private readonly bindings = new SharedBindings();
  private eventCount = 0;

  get size(): number {
    return this.eventCount;
  }

  /** False for an event already held, or of a stream reporting does not know (ignored). */
  add(event: StoredGoalEvent): boolean {
    const kind = streamKindOf(event.streamId);
    if (!kind) return false;
    let history = this.streams.get(event.streamId);
    if (!history) {
      this.streams.set(event.streamId, (history = new AggregateHistory()));
      if (kind === 'objective') this.objectiveHistories.set(aggregateIdOf(event.streamId, kind), history);
    }
    const added = history.add(this.bindings.in(event));
    if (!added) return false;
    this.eventCount++;
    this.index(kind, aggregateIdOf(event.streamId, kind), event);
    return true;
  }

  /** The organisation's timeline: every change in valid time, as known now (the domain's organizationAt reads it at any instants). */
  organizationTimeline(): OrganizationTimeline {
    return this.fold(organizationDecider, 'organization', { asOf: Infinity, knownAt: Infinity });
  }

  /** The organisation as it was at asOf, as far as was known at knownAt: changes may be dated back. */
  organizationAt(at: Instant): OrganizationState {
    return pastOrganization(this.organizationTimeline(), at);
  }

  cycleAt(cycleId: string, at: Instant): CycleState | null {
    const state = this.fold(cycleDecider, goalStreamOf('cycle', cycleId), at);
    return state.status === 'undefined' ? null : state;
  }

  /** The objective at the instant with each key result's holding value, or null when it did not exist (yet). */
  objectiveAt(objectiveId: string, at: Instant): ObjectiveAt | null {
    const history = this.streams.get(goalStreamOf('objective', objectiveId));
    if (!history) return null;
    const { state, addedVersions } = history.foldAt(objectiveDecider as Evolving<ObjectiveState>, at);
    if (state.status === 'undefined') return null;
    const keyResults: ObjectiveState['keyResults'] = {};
    const sources: Record<string, ValueSource | null> = {};
    for (const id in state.keyResults) {
      const keyResult = state.keyResults[id];
      const holding = holdingIn(history.seriesOf(id), at, addedVersions.get(id) ?? 0, keyResult.latestCheckIn);
      keyResults[id] = withHolding(keyResult, holding.checkIn);
      sources[id] = sourceOf(keyResult, holding.source);
    }
    return { state: withKeyResults(state, keyResults), sources };
  }

  /**
   * An objective's progress and key results' confidences at the instant, as objectiveAt's state
   * gives them, without building that state: what whole-cycle roll-ups read; null when it did not exist (yet).
   */
  objectiveReadingAt(objectiveId: string, at: Instant, valueOf: (keyResult: KeyResult) => number | null): ObjectiveReading | null {
    const history = this.objectiveHistories.get(objectiveId);
    if (!history) return null;
    const folded = history.foldAt(objectiveDecider as Evolving<ObjectiveState>, at);
    if (folded.state.status === 'undefined') return null;
    return this.objectiveReader.read(folded, (id) => history.seriesOf(id), at, valueOf);
  }

  kpiAt(kpiId: string, at: Instant): ValuedAt<KpiState> | null {
    return this.valuedAt(kpiDecider as Evolving<KpiState>, goalStreamOf('kpi', kpiId), at);
  }

  targetAt(targetId: string, at: Instant): ValuedAt<IndividualTargetState> | null {
    return this.valuedAt(individualTargetDecider as Evolving<IndividualTargetState>, goalStreamOf('target', targetId), at);
  }

  /** Objectives of a cycle owned by a unit (whatever their state at any instant). */
  objectiveIds(cycleId: string, unitId: string): Iterable<string> {
    return this.objectivesByCycle.get(cycleId)?.get(unitId) ?? [];
  }

  kpiIds(unitId: string): Iterable<string> {
    return this.kpisByUnit.get(unitId) ?? [];
  }

  targetIds(cycleId: string, unitId: string): Iterable<string> {
    return this.targetsByCycle.get(cycleId)?.get(unitId) ?? [];
  }

  private valuedAt<S extends { status: string } & ValuedGoal>(decider: Evolving<S>, streamId: string, at: Instant): ValuedAt<S> | null {
    const history = this.streams.get(streamId);
    if (!history) return null;
    const { state } = history.foldAt(decider, at);
    if (state.status === 'undefined') return null;
    const holding = holdingIn(history.seriesOf(SINGLE_SERIES), at, 0, state.latestCheckIn);
    const valued = withHolding(state, holding.checkIn);
    return { state: valued, source: sourceOf(valued, holding.source) };
  }

  private fold<S>(decider: Evolving<S>, streamId: string, at: Instant): S {
    const history = this.streams.get(streamId);
    return history ? history.foldAt(decider, at).state : decider.initialState();
  }

  /** Goals never change cycle, unit or owner once defined: the index is written from their first event. */
  private index(kind: GoalStreamKind, id: string, event: StoredGoalEvent): void {
    const data = event.data as Record<string, unknown>;
    if (kind === 'objective' && event.type === 'ObjectiveDefined') {
      const owner = data.owner as { type: string; id: string };
      if (owner.type !== 'person') addTo(this.objectivesByCycle, String(data.cycleId), owner.id, id);
    } else if (kind === 'kpi' && event.type === 'KpiDefined') {
      let ids = this.kpisByUnit.get(String(data.unitId));
      if (!ids) this.kpisByUnit.set(String(data.unitId), (ids = new Set()));
      ids.add(id);
    } else if (kind === 'target' && event.type === 'TargetSet') {
      addTo(this.targetsByCycle, String(data.cycleId), String(data.unitId), id);
    }
  }
}

/** A goal bound to a metric at the instant (its state folded then holds only the bindings in force by then) takes its value from ingested facts. */
function sourceOf(goal: ValuedGoal, checkInSource: ValueSource | null): ValueSource | null {
  return goal.bindings.length > 0 ? 'ingested' : checkInSource;
}

function addTo(index: Index, outer: string, inner: string, id: string): void {
  let byInner = index.get(outer);
  if (!byInner) index.set(outer, (byInner = new Map()));
  let ids = byInner.get(inner);
  if (!ids) byInner.set(inner, (ids = new Set()));
  ids.add(id);
}

/**
 * The check-in that holds at the instant: from the series, combined by the domain's own rule with
 * whatever the structural fold holds (values that arrive through other events keep working).
 */
function holdingIn(series: ValueSeries | undefined, at: Instant, afterVersion: number, folded: CheckIn | null): { checkIn: CheckIn | null; source: ValueSource | null } {
  const index = series ? series.holdingAt(at.asOf, at.knownAt, afterVersion) : -1;
  if (index < 0) return { checkIn: folded, source: folded ? 'manual' : null };
  const fact = series!.fact(index);
  const fromSeries = new SeriesCheckIn(fact.value, fact.confidence, fact.effectiveAtText, fact.recordedAt);
  const checkIn = folded ? holdingCheckIn(folded, fromSeries) : fromSeries;
  return { checkIn, source: checkIn === fromSeries && fact.ingested ? 'ingested' : 'manual' };
}

/** A check-in read from a series; its recordedAt is formatted only when someone reads it (rarely, and never per dashboard row). */
class SeriesCheckIn implements CheckIn {
  constructor(
    readonly value: number,
    readonly confidence: CheckIn['confidence'],
    readonly effectiveAt: string,
    private readonly recordedAtMs: number,
  ) {}

  get recordedAt(): string {
    return new Date(this.recordedAtMs).toISOString();
  }

  toJSON() {
    return { value: this.value, confidence: this.confidence, effectiveAt: this.effectiveAt, recordedAt: this.recordedAt };
  }
}

/** The folded state (cached, never changed) with another holding check-in: a shallow copy. */
function withHolding<S extends { latestCheckIn: CheckIn | null }>(state: S, latestCheckIn: CheckIn | null): S {
  return state.latestCheckIn === latestCheckIn ? state : { ...state, latestCheckIn };
}

function withKeyResults(state: ObjectiveState, keyResults: ObjectiveState['keyResults']): ObjectiveState {
  return { ...state, keyResults };
}
